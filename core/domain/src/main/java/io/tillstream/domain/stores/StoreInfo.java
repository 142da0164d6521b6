package io.tillstream.domain.stores;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * What reconciliation needs to know of a store: its time zone and trading hours.
 *
 * @param dayOpen  when trading starts, in the store's zone (silence before it is normal)
 * @param dayClose when the business day closes, in the store's zone
 */
public record StoreInfo(String storeId, String name, ZoneId timezone, LocalTime dayOpen, LocalTime dayClose) {
}
