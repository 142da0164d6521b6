package io.tillstream.ingest.stores;

import io.micronaut.context.annotation.Value;
import io.tillstream.domain.stores.StoreFile;
import io.tillstream.service.access.BearerTokens;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stores allowed to append, loaded from a YAML file:
 * <pre>
 * stores:
 *   - storeId: S001
 *     name: London Soho
 *     timezone: Europe/London
 *     centraWarehouseId: 1
 *     dayClose: "22:00"
 *     tokenSha256: 9f86d0…   # sha-256 of the bearer token, hex (BearerTokens.sha256Hex)
 * </pre>
 */
@Singleton
public class StoreRegistry {

    private final List<Store> stores;

    public StoreRegistry(@Value("${tillstream.stores.file}") Path file) {
        this(load(file));
    }

    StoreRegistry(List<Store> stores) {
        this.stores = List.copyOf(stores);
    }

    /**
     * Finds the store a bearer token belongs to. Every store's hash is compared in constant time
     * and the loop never exits early, so response time says nothing about which prefix matched.
     */
    public Optional<Store> authenticate(String token) {
        byte[] presented = BearerTokens.sha256(token);
        Store match = null;
        for (Store store : stores) {
            if (MessageDigest.isEqual(store.tokenSha256(), presented)) {
                match = store;
            }
        }
        return Optional.ofNullable(match);
    }

    public Optional<Store> find(String storeId) {
        return stores.stream().filter(s -> s.storeId().equals(storeId)).findFirst();
    }

    public List<Store> all() {
        return stores;
    }

    static List<Store> load(Path file) {
        List<Store> stores = new ArrayList<>();
        for (StoreFile.Entry e : StoreFile.read(file)) {
            // the tills' side: every store needs its warehouse and its token
            if (e.centraWarehouseId() == null || e.tokenSha256() == null) {
                throw new IllegalStateException("Store " + e.storeId() + " in " + file.toAbsolutePath() + " has no "
                        + (e.centraWarehouseId() == null ? "centraWarehouseId" : "tokenSha256"));
            }
            stores.add(new Store(e.storeId(), e.name(), e.timezone(), e.centraWarehouseId(), e.dayClose(),
                    e.tokenSha256()));
        }
        if (stores.isEmpty()) {
            throw new IllegalStateException("No stores defined in " + file.toAbsolutePath());
        }
        return stores;
    }
}
