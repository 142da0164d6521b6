package io.tillstream.ingest.stores;

import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.domain.stores.StoreRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The store (and till) a bearer token belongs to, as the store registry says at the time of the request.
 * The token itself is never held: only its SHA-256, in the registry.
 *
 * @param tillId the till the token was issued to ({@code store} for a store-wide token of a stores.yml)
 */
public record Store(String storeId, String tillId, StoreInfo info) {

    public ZoneId timezone() {
        return info.timezone();
    }

    /** The business day of an event at {@code at}: after midnight in a window that opened the evening before, that evening's. */
    public LocalDate businessDateOf(Instant at) {
        return info.businessDateOf(at);
    }

    /**
     * A store's token writes for that store only: a body naming another store is refused (403)
     * before anything else is said about it. A body naming none is left to validation.
     */
    public void requireOwns(String bodyStoreId) {
        requireOwns(bodyStoreId, null);
    }

    /**
     * The same, and a till's token writes for that till only: its events name it in the tills'
     * health, the daily totals and the audit trail, so one till must not speak for another (a
     * store-wide token, {@value StoreRecords#STORE_WIDE_TILL}, may name any of its store's tills).
     */
    public void requireOwns(String bodyStoreId, String bodyTillId) {
        if (bodyStoreId != null && !storeId.equals(bodyStoreId)) {
            throw new StoreForbiddenException("storeId", "The token of store " + storeId + " may not write for store "
                    + bodyStoreId);
        }
        if (bodyTillId != null && !StoreRecords.STORE_WIDE_TILL.equals(tillId) && !tillId.equals(bodyTillId)) {
            throw new StoreForbiddenException("tillId", "The token of till " + tillId + " of store " + storeId
                    + " may not write for till " + bodyTillId);
        }
    }
}
