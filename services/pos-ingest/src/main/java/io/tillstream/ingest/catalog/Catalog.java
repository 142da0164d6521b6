package io.tillstream.ingest.catalog;

import io.tillstream.schemas.CatalogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * Centra's product master as the tills need it, followed from {@code centra.catalog.v1}: every size by
 * SKU and by barcode, and where each came from in the topic, so that a till can take the changes since
 * its last copy. Written by the feed's one thread, read by request threads.
 */
public final class Catalog {

    /** A size as last read, or a removed one (entry null), and the record that said so. */
    record Size(String sku, CatalogEntry entry, int partition, long offset) {

        boolean removed() {
            return entry == null;
        }
    }

    /** A page of the snapshot: sizes after a SKU, in SKU order. */
    record Page(CatalogCursor cursor, List<CatalogEntry> sizes, String next) {
    }

    /** What changed after a cursor: sizes added or changed, and the SKUs removed since. */
    record Changes(CatalogCursor cursor, List<CatalogEntry> changed, List<String> removed) {
    }

    private final ConcurrentSkipListMap<String, Size> bySku = new ConcurrentSkipListMap<>();
    private final Map<String, String> skuByBarcode = new ConcurrentHashMap<>();
    private volatile CatalogCursor cursor = CatalogCursor.START;
    private volatile boolean loaded;

    /** One record of the topic, in the topic's order per partition. */
    void apply(String sku, CatalogEntry entry, int partition, long offset) {
        Size before = bySku.put(sku, new Size(sku, entry, partition, offset));
        if (before != null && !before.removed()) {
            barcodes(before.entry()).forEach(code -> skuByBarcode.remove(code, sku));
        }
        if (entry != null) {
            barcodes(entry).forEach(code -> skuByBarcode.put(code, sku));
        }
        cursor = cursor.with(partition, offset);
    }

    /** The records that were in the topic at start have all been read: until then a till would get a partial copy. */
    void loaded() {
        loaded = true;
    }

    boolean isLoaded() {
        return loaded;
    }

    CatalogCursor cursor() {
        return cursor;
    }

    /**
     * Up to {@code limit} sizes after {@code after} (null: from the first). The cursor is read before
     * the sizes: a change that lands while the page is read is in the page or after the cursor, never lost.
     */
    Page page(String after, int limit) {
        CatalogCursor at = cursor;
        List<CatalogEntry> sizes = new ArrayList<>(Math.min(limit, 1024));
        String last = null;
        var tail = after == null ? bySku : bySku.tailMap(after, false);
        for (Size size : tail.values()) {
            if (size.removed()) {
                continue;
            }
            if (sizes.size() == limit) {
                return new Page(at, sizes, last);
            }
            sizes.add(size.entry());
            last = size.sku();
        }
        return new Page(at, sizes, null);
    }

    /** The sizes whose latest record the till behind {@code since} has not seen. */
    Changes since(CatalogCursor since) {
        CatalogCursor at = cursor;
        List<CatalogEntry> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Size size : bySku.values()) {
            if (since.covers(size.partition(), size.offset())) {
                continue;
            }
            if (size.removed()) {
                removed.add(size.sku());
            } else {
                changed.add(size.entry());
            }
        }
        return new Changes(at, changed, removed);
    }

    private static List<String> barcodes(CatalogEntry entry) {
        return Stream.of(entry.getEan(), entry.getUpc()).filter(Objects::nonNull).toList();
    }

    /** The size an EAN/GTIN or UPC names. */
    Optional<CatalogEntry> byBarcode(String code) {
        String sku = skuByBarcode.get(code);
        Size size = sku == null ? null : bySku.get(sku);
        return size == null || size.removed() ? Optional.empty() : Optional.of(size.entry());
    }

    int size() {
        return (int) bySku.values().stream().filter(s -> !s.removed()).count();
    }
}
