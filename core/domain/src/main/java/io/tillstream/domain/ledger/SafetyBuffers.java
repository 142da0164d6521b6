package io.tillstream.domain.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Resolves the safety buffer of a (location, SKU) from policies keyed by selector (the keys of
 * {@code stock.policies.v1}). A location's own policy beats the network's ({@code *}) because the
 * store knows its shelf; within either, the exact SKU beats the longest SKU prefix beats {@code *}.
 */
public final class SafetyBuffers {

    public static final String ANY = "*";

    private SafetyBuffers() {
    }

    /** @param policies the buffer of a selector key, or {@code null} when there is no such policy */
    public static int resolve(String locationId, String sku, Function<String, Integer> policies) {
        for (String selector : selectors(locationId, sku)) {
            Integer buffer = policies.apply(selector);
            if (buffer != null) {
                return Math.max(0, buffer);
            }
        }
        return 0;
    }

    /** The selector keys that could apply, most specific first. */
    static List<String> selectors(String locationId, String sku) {
        List<String> selectors = new ArrayList<>(2 * (sku.length() + 2));
        for (String location : List.of(locationId, ANY)) {
            selectors.add(location + "|" + sku);
            for (int length = sku.length(); length > 0; length--) {
                selectors.add(location + "|" + sku.substring(0, length) + ANY);
            }
            selectors.add(location + "|" + ANY);
        }
        return selectors;
    }
}
