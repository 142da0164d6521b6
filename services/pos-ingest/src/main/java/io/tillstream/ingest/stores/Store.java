package io.tillstream.ingest.stores;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A store as pos-ingest knows it. The token itself is never held: only its SHA-256.
 *
 * @param dayClose when the store's business day closes, in its own time zone
 */
public record Store(String storeId, String name, ZoneId timezone, int centraWarehouseId, LocalTime dayClose,
                    byte[] tokenSha256) {

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
