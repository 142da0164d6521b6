package io.tillstream.domain.stores;

import io.tillstream.schemas.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stores' time zones, hours and calendars as the rules see them. Filled from the store registry
 * ({@code stores.v1}) as it changes, so a store's new hours apply from its next day without a restart;
 * tests and tools may build one from a fixed list or a {@code stores.yml}. A store it does not know is
 * treated as trading 09:00–23:59 UTC every day, so its days still close.
 */
public final class StoreDirectory {

    static final LocalTime DEFAULT_OPEN = StoreFile.DEFAULT_OPEN;
    static final LocalTime DEFAULT_CLOSE = StoreFile.DEFAULT_CLOSE;

    private volatile Map<String, StoreInfo> stores;

    public StoreDirectory(Collection<StoreInfo> stores) {
        Map<String, StoreInfo> byId = new LinkedHashMap<>();
        stores.forEach(s -> byId.put(s.storeId(), s));
        this.stores = Map.copyOf(byId);
    }

    /** None known yet: every store trades 09:00–23:59 UTC until the registry says otherwise. */
    public static StoreDirectory empty() {
        return new StoreDirectory(List.of());
    }

    public static StoreDirectory load(Path file) {
        return new StoreDirectory(StoreFile.read(file).stream().map(e -> StoreRecords.info(StoreRecords.of(e,
                Instant.EPOCH, "stores.yml"))).toList());
    }

    /** A registry record, or a tombstone ({@code record} null): the store is forgotten. */
    public synchronized void apply(String storeId, Store record) {
        Map<String, StoreInfo> next = new HashMap<>(stores);
        if (record == null) {
            next.remove(storeId);
        } else {
            next.put(storeId, StoreRecords.info(record));
        }
        stores = Map.copyOf(next);
    }

    /** The store, or the UTC 09:00–23:59 default for one the registry does not list. */
    public StoreInfo find(String storeId) {
        StoreInfo store = stores.get(storeId);
        return store != null ? store : new StoreInfo(storeId, storeId, ZoneOffset.UTC, DEFAULT_OPEN, DEFAULT_CLOSE);
    }

    /** Every store the registry lists, whatever its status. */
    public Collection<StoreInfo> all() {
        return stores.values();
    }
}
