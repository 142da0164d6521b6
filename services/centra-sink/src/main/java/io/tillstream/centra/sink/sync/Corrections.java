package io.tillstream.centra.sink.sync;

import io.tillstream.centra.client.CentraClient;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.MutationResult;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.client.StockMutation;
import io.tillstream.centra.sink.receipts.ReceiptLog;
import io.tillstream.domain.sync.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an audit's corrections, each as a mutation of its own whose description names the audit
 * and the size. Before every send Centra is asked whether that description was applied already
 * (a re-delivery after a crash, an answer lost): so each correction lands once, however often it
 * is delivered. They share the sink's budget and are journalled like its pushes, so the drift check
 * expects the corrected figure.
 */
final class Corrections {

    /** What the sync does with a correction's record once it is settled. */
    interface Outcome {
        void done(CorrectionRecord correction);

        void refused(CorrectionRecord correction, String reason);

        /** Centra refused the token, or asked to wait: stop for now. */
        void pause(CentraException e);

        /** The highest sequence of the size already in Centra, for the receipt. */
        long settled(String key);

        /** A re-driven change is in Centra now: a later copy of it must not be pushed. */
        void settle(String key, long sequence);
    }

    private static final Logger log = LoggerFactory.getLogger(Corrections.class);

    private final CentraClient client;
    private final ReceiptLog receipts;
    private final Clock clock;
    private final Deque<CorrectionRecord> queue = new ArrayDeque<>();
    /** An unanswered correction is not read back before Centra is surely done with it. */
    private Instant notBefore = Instant.EPOCH;

    Corrections(CentraClient client, ReceiptLog receipts, Clock clock) {
        this.client = client;
        this.receipts = receipts;
        this.clock = clock;
    }

    void add(CorrectionRecord correction) {
        queue.add(correction);
    }

    int size() {
        return queue.size();
    }

    /**
     * After a start or a partition move a correction this task sends may have been sent by another
     * (or by itself before a crash) moments ago, still running on Centra: no read-back before
     * Centra is surely done with it.
     */
    void holdUntilNothingRuns() {
        notBefore = clock.instant().plus(client.stillRunningLimit());
    }

    /** Applies what the budget allows, oldest first. */
    void apply(RateBudget budget, Outcome outcome) {
        while (!queue.isEmpty() && !clock.instant().isBefore(notBefore)) {
            CorrectionRecord c = queue.peek();
            // The budget first: a read-back with no mutation to follow would only spend requests.
            if (!budget.tryAcquire()) {
                return;
            }
            Instant sentAt = clock.instant();
            try {
                Optional<Boolean> applied = client.wasApplied(c.description());
                if (applied.isEmpty()) {
                    queue.poll();
                    outcome.refused(c, Rejection.REPAIR_UNSUPPORTED.reason("this Centra cannot be asked whether "
                            + c.description() + " was applied (no stock-change query by description), so the "
                            + "correction is not sent: apply " + c.delta() + " to " + c.sku() + " in warehouse "
                            + c.warehouseId() + " by hand"));
                    continue;
                }
                if (applied.get()) {
                    log.info("Correction {} is already in Centra", c.description());
                    settled(c, null, outcome);
                    continue;
                }
                MutationResult result = client.changeStock(new StockMutation(c.description(), c.warehouseId(),
                        c.delta() > 0, List.of(new StockMutation.SizeQuantity(c.sku(), Math.abs(c.delta())))));
                if (result.applied()) {
                    log.info("Correction {}: {} applied to {} in warehouse {}", c.auditId(), c.delta(), c.sku(),
                            c.warehouseId());
                    settled(c, result.stockChangeId(), outcome);
                } else {
                    queue.poll();
                    outcome.refused(c, Rejection.CORRECTION_REFUSED.reason("Centra refused " + c.description() + ": "
                            + String.join("; ", result.userErrors())));
                }
            } catch (CentraException e) {
                if (e.kind() == CentraException.Kind.FATAL) {
                    queue.poll();
                    outcome.refused(c, Rejection.CORRECTION_REFUSED.reason(e.getMessage()));
                    continue;
                }
                if (e.kind() == CentraException.Kind.OUTCOME_UNKNOWN && e.mayStillBeRunning()) {
                    notBefore = sentAt.plus(client.stillRunningLimit());
                }
                // Asked again at the next flush, by description first: nothing is sent twice.
                outcome.pause(e);
                return;
            } catch (RuntimeException journalAway) {
                // Applied but not journalled (the broker is away): it stays first in line, and the
                // next try finds it applied by its description and journals it then.
                outcome.pause(new CentraException(CentraException.Kind.OUTCOME_UNKNOWN, journalAway.toString(), null,
                        journalAway));
                return;
            }
        }
    }

    /** Journals a correction Centra has, then lets its record go: in that order, or it could be lost. */
    private void settled(CorrectionRecord c, String stockChangeId, Outcome outcome) {
        journal(c, stockChangeId, outcome);
        queue.poll();
        outcome.done(c);
    }

    private void journal(CorrectionRecord c, String stockChangeId, Outcome outcome) {
        long sequence = Math.max(outcome.settled(c.key()), c.sequence());
        receipts.confirmed(c.description(), stockChangeId, List.of(new ReceiptLog.Part(c.locationId(), c.sku(),
                c.warehouseId(), sequence, c.delta(), c.ledgerOnHand())));
        outcome.settle(c.key(), sequence);
    }

    /** Partitions moved away: their corrections will be delivered to their new owner. */
    void release(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
        queue.removeIf(c -> partitions.contains(c.record().topicPartition()));
    }
}
