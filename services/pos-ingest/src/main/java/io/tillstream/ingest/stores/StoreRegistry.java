package io.tillstream.ingest.stores;

import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.domain.stores.StoreRecords;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.TillToken;
import io.tillstream.service.access.BearerTokens;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores allowed to append, and their tills' token hashes, as the store registry ({@code stores.v1})
 * says: followed live (see {@link StoreRegistryFactory}), so a store added is let in and a store closed or
 * a till revoked is refused within a second, with no restart. A CLOSED store's tokens are refused; a
 * PLANNED store's tills may post (its opening stocktake comes before it opens).
 */
public class StoreRegistry {

    private static final Logger log = LoggerFactory.getLogger(StoreRegistry.class);

    private record Till(String storeId, String tillId, byte[] sha256) {
    }

    private volatile Map<String, StoreInfo> stores = Map.of();
    private volatile List<Till> tills = List.of();
    private volatile boolean loaded;

    /** A registry record, or a tombstone ({@code record} null). */
    public synchronized void apply(String storeId, io.tillstream.schemas.Store record) {
        Map<String, StoreInfo> nextStores = new HashMap<>(stores);
        List<Till> nextTills = new ArrayList<>(tills.stream().filter(t -> !t.storeId().equals(storeId)).toList());
        if (record == null) {
            nextStores.remove(storeId);
        } else {
            nextStores.put(storeId, StoreRecords.info(record));
            if (record.getStatus() != StoreStatus.CLOSED) {
                for (TillToken till : record.getTills()) {
                    nextTills.add(new Till(storeId, till.getTillId(), HexFormat.of().parseHex(till.getTokenSha256())));
                }
            }
        }
        stores = Map.copyOf(nextStores);
        tills = List.copyOf(nextTills);
        if (loaded) {
            log.info("Store {} {}", storeId, record == null ? "removed" : "is " + record.getStatus() + " with "
                    + record.getTills().size() + " till token(s)");
        }
    }

    public void markLoaded() {
        loaded = true;
    }

    /** Whether the registry as it was at start has been read: before that, no token can be judged. */
    public boolean loaded() {
        return loaded;
    }

    /**
     * Finds the store and till a bearer token belongs to. Every till's hash is compared in constant time
     * and the loop never exits early, so response time says nothing about which prefix matched.
     */
    public Optional<Store> authenticate(String token) {
        byte[] presented = BearerTokens.sha256(token);
        Till match = null;
        for (Till till : tills) {
            if (MessageDigest.isEqual(till.sha256(), presented)) {
                match = till;
            }
        }
        if (match == null) {
            return Optional.empty();
        }
        StoreInfo info = stores.get(match.storeId());
        return info == null ? Optional.empty() : Optional.of(new Store(match.storeId(), match.tillId(), info));
    }

    public int size() {
        return stores.size();
    }
}
