package io.tillstream.centra.sink.sync;

import java.util.List;
import java.util.OptionalLong;

/**
 * Which mutation the budget buys first. A removal that leaves a size at or below the threshold
 * protects available-to-sell (the webshop must stop selling what the store just sold), so groups
 * holding such a size go first, the one whose at-risk size has waited longest first; everything
 * else goes oldest first.
 *
 * <p>Two things matter under load (measured by {@code ./tillstream bench centra}):
 * <ul>
 *   <li>At-risk groups are ordered by their at-risk sizes, not by their oldest member: a warehouse
 *       with an old restock pending must not jump ahead of one whose last unit sold earlier.</li>
 *   <li>A quarter of each 10 s window is kept for at-risk groups: the budget is a sliding window,
 *       and a window spent on restocks would leave a sale of the last unit waiting up to 10 s
 *       while the webshop keeps selling it. Groups not at risk wait for the window to free up.</li>
 * </ul>
 */
public final class RiskFirst implements Scheduler {

    /** At or below this many units on hand, a size is at risk of being oversold online. */
    public static final int DEFAULT_THRESHOLD = 2;
    /** Share of each 10 s window only at-risk groups may spend. */
    static final double RESERVE_SHARE = 0.25;

    private final int threshold;

    public RiskFirst(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public int compare(List<PendingSize> a, List<PendingSize> b) {
        OptionalLong riskA = atRiskSince(a);
        OptionalLong riskB = atRiskSince(b);
        if (riskA.isPresent() != riskB.isPresent()) {
            return riskA.isPresent() ? -1 : 1;
        }
        return riskA.isPresent() ? Long.compare(riskA.getAsLong(), riskB.getAsLong())
                : Long.compare(Fifo.oldest(a), Fifo.oldest(b));
    }

    @Override
    public boolean mayTake(List<PendingSize> group, int free, int capacity) {
        return free > Math.floor(capacity * RESERVE_SHARE) || atRisk(group);
    }

    boolean atRisk(List<PendingSize> group) {
        return atRiskSince(group).isPresent();
    }

    /** When the longest-waiting at-risk size of the group arrived; empty when none is at risk. */
    private OptionalLong atRiskSince(List<PendingSize> group) {
        return group.stream().filter(p -> p.net < 0 && p.onHandAfter <= threshold).mapToLong(p -> p.since).min();
    }
}
