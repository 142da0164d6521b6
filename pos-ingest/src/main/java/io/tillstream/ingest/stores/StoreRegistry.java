package io.tillstream.ingest.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.context.annotation.Value;
import io.tillstream.service.access.BearerTokens;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
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
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            List<Store> stores = new ArrayList<>();
            for (JsonNode s : root.path("stores")) {
                stores.add(new Store(
                        required(s, "storeId", file).asText(),
                        s.path("name").asText(s.path("storeId").asText()),
                        ZoneId.of(required(s, "timezone", file).asText()),
                        required(s, "centraWarehouseId", file).asInt(),
                        LocalTime.parse(s.path("dayClose").asText("23:59")),
                        HexFormat.of().parseHex(required(s, "tokenSha256", file).asText())));
            }
            if (stores.isEmpty()) {
                throw new IllegalStateException("No stores defined in " + file.toAbsolutePath());
            }
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the store registry " + file.toAbsolutePath(), e);
        }
    }

    private static JsonNode required(JsonNode store, String field, Path file) {
        JsonNode value = store.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("Store " + store.path("storeId").asText("?") + " in " + file
                    + " has no " + field);
        }
        return value;
    }
}
