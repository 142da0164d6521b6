package io.tillstream.centra.sink.sync;

import java.util.List;

/**
 * Plain first-in, first-out: the group whose oldest pending delta arrived first goes first,
 * whatever it holds. The baseline the risk-first scheduler is measured against (and a choice for
 * a tenant whose stores never run low).
 */
public final class Fifo implements Scheduler {

    @Override
    public int compare(List<PendingSize> a, List<PendingSize> b) {
        return Long.compare(oldest(a), oldest(b));
    }

    static long oldest(List<PendingSize> group) {
        return group.stream().mapToLong(p -> p.since).min().orElse(Long.MAX_VALUE);
    }
}
