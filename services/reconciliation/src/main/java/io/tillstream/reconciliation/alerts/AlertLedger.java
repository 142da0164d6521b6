package io.tillstream.reconciliation.alerts;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ReconciliationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Which lifecycle step of each exception the owners have already heard of. An exception is
 * re-published on every update (a later lastSeenAt, a new actual value), but its owner should hear
 * of it twice per lifecycle: when it opens and when it resolves. A step is (status, firstSeenAt):
 * a re-opened exception has a new firstSeenAt, so it alerts again.
 * <p>
 * The ledger lives in memory only; {@link AlertFeed} rebuilds it after a restart by re-reading the
 * exceptions topic up to its consumer group's committed offset (see there why).
 */
final class AlertLedger {

    private record Step(ExceptionStatus status, Instant firstSeenAt) {
        static Step of(ReconciliationException e) {
            return new Step(e.getStatus(), e.getFirstSeenAt());
        }
    }

    private final Map<String, Step> steps = new HashMap<>();

    /** Remembers the exception's step; true when it is one its owner has not heard of yet. */
    boolean advance(ReconciliationException exception) {
        Step step = Step.of(exception);
        Step previous = steps.put(exception.getId(), step);
        return !step.equals(previous);
    }

    /** A tombstone: the exception was deleted from the compacted topic. */
    void forget(String id) {
        steps.remove(id);
    }
}
