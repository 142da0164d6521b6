package io.tillstream.centra.sink.sync;

import java.util.Comparator;
import java.util.List;

/**
 * Which mutation the budget buys first. A removal for a size about to sell out protects
 * available-to-sell (the webshop must stop selling what the store just sold), so groups holding
 * such a size go first; everything else goes oldest first.
 */
public final class RiskFirst implements Comparator<List<PendingSize>> {

    /** At or below this many units on hand, a size is at risk of being oversold online. */
    public static final int DEFAULT_THRESHOLD = 2;

    private final int threshold;

    public RiskFirst(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public int compare(List<PendingSize> a, List<PendingSize> b) {
        int risk = Boolean.compare(atRisk(b), atRisk(a));
        return risk != 0 ? risk : Long.compare(oldest(a), oldest(b));
    }

    boolean atRisk(List<PendingSize> group) {
        return group.stream().anyMatch(p -> p.net < 0 && p.onHandAfter <= threshold);
    }

    private static long oldest(List<PendingSize> group) {
        return group.stream().mapToLong(p -> p.since).min().orElse(Long.MAX_VALUE);
    }
}
