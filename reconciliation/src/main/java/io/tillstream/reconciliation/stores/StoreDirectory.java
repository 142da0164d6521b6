package io.tillstream.reconciliation.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stores' time zones and trading hours, read from the same YAML file pos-ingest authenticates
 * with ({@code stores: [{storeId, name, timezone, centraWarehouseId, dayClose, tokenSha256}]}; an
 * optional {@code dayOpen} is ours). Token hashes are ignored: reconciliation never authenticates.
 * A store missing from the file is treated as trading 09:00–23:59 UTC, so its days still close.
 */
public final class StoreDirectory {

    static final LocalTime DEFAULT_OPEN = LocalTime.of(9, 0);
    static final LocalTime DEFAULT_CLOSE = LocalTime.of(23, 59);

    private final Map<String, StoreInfo> stores;

    public StoreDirectory(Collection<StoreInfo> stores) {
        Map<String, StoreInfo> byId = new LinkedHashMap<>();
        stores.forEach(s -> byId.put(s.storeId(), s));
        this.stores = Map.copyOf(byId);
    }

    /** No file: every store trades 09:00–23:59 UTC. */
    public static StoreDirectory empty() {
        return new StoreDirectory(List.of());
    }

    public static StoreDirectory load(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            List<StoreInfo> stores = new ArrayList<>();
            for (JsonNode s : root.path("stores")) {
                String storeId = s.path("storeId").asText(null);
                if (storeId == null || s.path("timezone").isMissingNode()) {
                    throw new IllegalStateException("A store in " + file.toAbsolutePath()
                            + " has no storeId or timezone: " + s);
                }
                stores.add(new StoreInfo(storeId, s.path("name").asText(storeId), ZoneId.of(s.path("timezone").asText()),
                        LocalTime.parse(s.path("dayOpen").asText(DEFAULT_OPEN.toString())),
                        LocalTime.parse(s.path("dayClose").asText(DEFAULT_CLOSE.toString()))));
            }
            return new StoreDirectory(stores);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the store file " + file.toAbsolutePath(), e);
        }
    }

    /** The store, or the UTC 09:00–23:59 default for one the file does not list. */
    public StoreInfo find(String storeId) {
        StoreInfo store = stores.get(storeId);
        return store != null ? store : new StoreInfo(storeId, storeId, ZoneOffset.UTC, DEFAULT_OPEN, DEFAULT_CLOSE);
    }
}
