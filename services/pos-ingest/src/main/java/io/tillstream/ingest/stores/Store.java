package io.tillstream.ingest.stores;

import io.tillstream.domain.stores.StoreInfo;
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
        if (bodyStoreId != null && !storeId.equals(bodyStoreId)) {
            throw new StoreForbiddenException(storeId, bodyStoreId);
        }
    }
}
