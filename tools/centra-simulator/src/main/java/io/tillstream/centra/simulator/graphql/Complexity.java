package io.tillstream.centra.simulator.graphql;

import java.util.List;
import java.util.Map;

/**
 * Approximates Centra's query complexity as one point per field in the response. Following
 * Centra's advice that {@code freeToAllocateQuantity} is free, that field costs nothing, on
 * {@code Stock} and {@code StockTotals} alike. Totals cost the same whatever the number of
 * warehouses summed, where {@code stock} costs per row.
 */
final class Complexity {

    private static final String FREE_FIELD = "freeToAllocateQuantity";

    private Complexity() {
    }

    static long of(final Object data) {
        if (data instanceof Map<?, ?> map) {
            long sum = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                final String key = String.valueOf(e.getKey());
                sum += (FREE_FIELD.equals(key) || "__typename".equals(key) ? 0 : 1) + of(e.getValue());
            }
            return sum;
        }
        if (data instanceof List<?> list) {
            long sum = 0;
            for (Object item : list) {
                sum += of(item);
            }
            return sum;
        }
        return 0;
    }
}
