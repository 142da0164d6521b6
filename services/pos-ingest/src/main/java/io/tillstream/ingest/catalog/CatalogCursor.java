package io.tillstream.ingest.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a till's copy of the catalogue stands: per partition of {@code centra.catalog.v1}, the offset
 * of the last record it has. Offsets are the topic's own, so a cursor means the same on every
 * pos-ingest instance and after a restart, and compaction keeps the latest record of each size, the
 * one a till behind the cursor needs. Written {@code 0-812.1-790.2-803}: partition-offset pairs.
 */
record CatalogCursor(Map<Integer, Long> offsets) {

    static final CatalogCursor START = new CatalogCursor(Map.of());

    CatalogCursor {
        offsets = Map.copyOf(offsets);
    }

    /** Whether the till already has the record at this position. */
    boolean covers(int partition, long offset) {
        return offset <= offsets.getOrDefault(partition, -1L);
    }

    CatalogCursor with(int partition, long offset) {
        Map<Integer, Long> next = new TreeMap<>(offsets);
        next.merge(partition, offset, Math::max);
        return new CatalogCursor(next);
    }

    /** A cursor as this class writes it; empty when the text is not one. */
    static Optional<CatalogCursor> parse(String text) {
        if (text == null || !text.matches("\\d{1,5}-\\d{1,19}(\\.\\d{1,5}-\\d{1,19}){0,4095}")) {
            return Optional.empty();
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        try {
            for (String pair : text.split("\\.")) {
                String[] parts = pair.split("-");
                offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
        return Optional.of(new CatalogCursor(offsets));
    }

    @Override
    public String toString() {
        return new TreeMap<>(offsets).entrySet().stream().map(e -> e.getKey() + "-" + e.getValue())
                .collect(Collectors.joining("."));
    }
}
