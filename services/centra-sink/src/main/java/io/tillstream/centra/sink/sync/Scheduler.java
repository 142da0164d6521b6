package io.tillstream.centra.sink.sync;

import java.util.List;
import java.util.Locale;

/**
 * Which pending mutation the budget buys first. Each candidate is a group of pending sizes that
 * one changeStock would carry (one warehouse, one direction); the scheduler orders the groups and
 * {@link StockSync} sends them in that order until the budget runs out.
 */
public sealed interface Scheduler extends java.util.Comparator<List<PendingSize>> permits RiskFirst, Fifo {

    /**
     * Whether {@code group} may take one of the {@code free} mutations left in the current 10 s
     * window of {@code capacity}. By default every group may spend the whole window.
     */
    default boolean mayTake(List<PendingSize> group, int free, int capacity) {
        return true;
    }

    /** Whether it needs Centra's free-to-allocate of pending removals ({@link CentraFreeReads}). */
    default boolean readsCentraFree() {
        return false;
    }

    String RISK_FIRST = "risk-first";
    String FIFO = "fifo";

    /** The scheduler named in the sink's configuration. */
    static Scheduler named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case RISK_FIRST -> new RiskFirst(RiskFirst.DEFAULT_THRESHOLD);
            case FIFO -> new Fifo();
            default -> throw new IllegalArgumentException("Unknown scheduler '" + name + "': " + RISK_FIRST + " or "
                    + FIFO);
        };
    }
}
