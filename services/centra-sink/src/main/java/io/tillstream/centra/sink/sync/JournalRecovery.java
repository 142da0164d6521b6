package io.tillstream.centra.sink.sync;

import io.tillstream.centra.sink.receipts.ReceiptLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutations the receipt journal shows sent without an outcome (a task died waiting), settled
 * size by size when the size's first record reaches this task, and not before. The journal holds
 * every task's intents, a live task's included: ChaosIT caught a task that read another task's
 * intent seconds old, read it back after its 17 s wait and journalled it CONFIRMED again after its
 * owner had confirmed it and pushed the next sale; the size's latest receipt went back one sequence
 * and reconciliation raised a STOCK_DRIFT that never resolved. Records of an unsettled mutation are
 * never committed, so the task that owns its size is handed them again: that task, and only it, asks
 * Centra and journals the answer for its own sizes. A mutation applies all its sizes or none, so its
 * answer is asked once and holds for the task's other sizes of it.
 */
final class JournalRecovery {

    private static final Logger log = LoggerFactory.getLogger(JournalRecovery.class);

    private record Part(String mutationId, ReceiptLog.Part part) {
    }

    private final ReadBack readBack;
    private final TokenGuard token;
    private final ReceiptLog receipts;
    /** Per {@code location|sku}, its share of a mutation sent without an outcome. */
    private final Map<String, Part> inDoubt = new HashMap<>();
    /** Per recovered mutation id, whether Centra applied it, once asked. */
    private final Map<String, Boolean> answers = new HashMap<>();
    /** When the latest mutation the journal holds was sent: none is read back before Centra is surely done with it. */
    private Instant lastSent = Instant.EPOCH;
    private Duration patience = Duration.ZERO;

    JournalRecovery(ReadBack readBack, TokenGuard token, ReceiptLog receipts) {
        this.readBack = readBack;
        this.token = token;
        this.receipts = receipts;
    }

    /** Notes what the journal holds in doubt; nothing is asked yet. */
    void recovered(ReceiptLog.Recovered recovered, Duration patience) {
        inDoubt.clear();
        answers.clear();
        recovered.pending().forEach((mutationId, parts) -> parts.forEach(p ->
                inDoubt.put(p.key(), new Part(mutationId, p))));
        lastSent = recovered.sentAt().stream().max(Instant::compareTo).orElse(Instant.EPOCH);
        this.patience = patience;
    }

    /**
     * Settles the size's share of a mutation in doubt, if it has one: asks Centra (once per
     * mutation) and journals it CONFIRMED if applied.
     *
     * @return the sequence Centra now holds for the size; empty when nothing was in doubt or Centra
     *         did not apply it (the size's records are sent again)
     */
    OptionalLong settle(String key) {
        Part part = inDoubt.remove(key);
        if (part == null) {
            return OptionalLong.empty();
        }
        Boolean applied = answers.get(part.mutationId());
        if (applied == null) {
            readBack.waitUntilNoLongerRunning(lastSent);
            try {
                applied = readBack.appliedWithin(part.mutationId(), List.of(part.part()), patience, token);
            } catch (RuntimeException e) {
                inDoubt.put(key, part); // asked again when Connect hands the record again
                throw e;
            }
            answers.put(part.mutationId(), applied);
        }
        if (!applied) {
            log.info("Recovery: {} was not applied; {} is sent again", part.mutationId(), key);
            return OptionalLong.empty();
        }
        log.info("Recovery: {} was applied by Centra before the restart ({})", part.mutationId(), key);
        receipts.confirmed(part.mutationId(), null, List.of(part.part()));
        return OptionalLong.of(part.part().sequence());
    }
}
