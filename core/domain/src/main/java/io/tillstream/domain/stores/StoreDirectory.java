package io.tillstream.domain.stores;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Collection;
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

    static final LocalTime DEFAULT_OPEN = StoreFile.DEFAULT_OPEN;
    static final LocalTime DEFAULT_CLOSE = StoreFile.DEFAULT_CLOSE;

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
        return new StoreDirectory(StoreFile.read(file).stream().map(e -> new StoreInfo(e.storeId(), e.name(),
                e.timezone(), e.dayOpen(), e.dayClose())).toList());
    }

    /** The store, or the UTC 09:00–23:59 default for one the file does not list. */
    public StoreInfo find(String storeId) {
        StoreInfo store = stores.get(storeId);
        return store != null ? store : new StoreInfo(storeId, storeId, ZoneOffset.UTC, DEFAULT_OPEN, DEFAULT_CLOSE);
    }
}
