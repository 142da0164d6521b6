package io.tillstream.centra.sink.sync;

import io.tillstream.centra.client.CentraClient;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.sink.receipts.ReceiptLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Centra whether a mutation whose answer was lost was applied. Centra's changeStock has no
 * idempotency key, so nothing is re-sent before this says "not applied"; and it never guesses.
 */
final class ReadBack {

    private static final Logger log = LoggerFactory.getLogger(ReadBack.class);

    private final CentraClient client;
    private final boolean byStock;
    private final Clock clock;

    /**
     * @param byStock compare stock with what was read just before the mutation was sent (a Centra
     *                without the stock-change query by description), instead of asking by description
     */
    ReadBack(CentraClient client, boolean byStock, Clock clock) {
        this.client = client;
        this.byStock = byStock;
        this.clock = clock;
    }

    /** Whether the stock must be read before each mutation is sent, for {@link #applied} to compare with. */
    boolean byStock() {
        return byStock;
    }

    /**
     * @throws SyncHalted when Centra's answer does not say: guessing either way is wrong
     */
    boolean applied(String mutationId, List<ReceiptLog.Part> parts) throws CentraException {
        if (!byStock || parts.stream().anyMatch(p -> p.centraBefore() == null)) {
            // Sent while this task (or the one before it) read back by description: no stock was
            // read before it, so the description is the only way to ask.
            return client.wasApplied(mutationId).orElseThrow(() -> new SyncHalted("This Centra cannot say "
                    + "whether " + mutationId + " was applied (no stock-change query by description); refusing to "
                    + "risk a double push. Set centra.readback=stock, compare the warehouse's stock by hand, then "
                    + "restart."));
        }
        Map<String, Integer> now = client.physical(parts.stream().map(ReceiptLog.Part::sku).toList(),
                parts.get(0).warehouseId());
        return StockComparison.applied(parts, now).orElseThrow(() -> new SyncHalted(
                StockComparison.explain(mutationId, parts.get(0).warehouseId(), parts, now)));
    }

    /** Reads Centra's physical stock of a group's sizes just before its mutation is sent. */
    void readBefore(List<PendingSize> group) throws CentraException {
        Map<String, Integer> before = client.physical(group.stream().map(p -> p.sku).toList(),
                group.get(0).warehouseId);
        group.forEach(p -> p.centraBefore = before.get(p.sku));
    }

    /**
     * Asks again, a second apart, while Centra is unavailable, for at most {@code patience}.
     *
     * @throws SyncRetryLater when the token is refused or Centra stays unavailable: nothing is sent
     *                        meanwhile, and the read-back is tried again when Connect hands the records again
     */
    boolean appliedWithin(String mutationId, List<ReceiptLog.Part> parts, Duration patience, TokenGuard token) {
        long deadline = clock.millis() + patience.toMillis();
        while (true) {
            try {
                return applied(mutationId, parts);
            } catch (CentraException e) {
                if (e.kind() == CentraException.Kind.UNAUTHORIZED) {
                    token.refused(e);
                    throw new SyncRetryLater(e.getMessage(), e);
                }
                if (e.kind() == CentraException.Kind.FATAL) {
                    throw new SyncHalted("Could not read back " + mutationId + " from Centra: " + e.getMessage(), e);
                }
                if (clock.millis() > deadline) {
                    throw new SyncRetryLater("Could not read back " + mutationId
                            + " from Centra yet: " + e.getMessage(), e);
                }
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * A restart right after a mutation was sent must not read it back while Centra may still be
     * running it (see {@link CentraClient#stillRunningLimit()}).
     */
    void waitUntilNoLongerRunning(Instant lastSent) {
        Duration wait = Duration.between(clock.instant(), lastSent.plus(client.stillRunningLimit()));
        if (!wait.isNegative()) {
            log.info("Waiting {} ms before reading back, in case Centra is still running a mutation", wait.toMillis());
            sleep(wait);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncHalted("Interrupted while waiting to read back", e);
        }
    }
}
