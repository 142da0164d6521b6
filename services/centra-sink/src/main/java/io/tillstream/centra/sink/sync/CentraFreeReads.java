package io.tillstream.centra.sink.sync;

import io.tillstream.centra.client.CentraClient;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.client.WarehouseSize;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what Centra would still sell of the sizes with a removal pending, so that risk-first can
 * tell a removal Centra is overselling right now ({@link PendingSize#exposed()}) from the rest.
 * The ledger's figure cannot: webshop orders reserve units in Centra that are still on the
 * store's shelf, so a size the ledger shows at 4 units may have nothing free online, or 3 offered
 * online while the store has none left that are not reserved.
 *
 * <p>Reads cost requests, and the request budget is shared with every integration of the tenant
 * like the mutation budget: reads have their own sliding windows (a {@link RateBudget} sized
 * by the caller), at most one read per {@link #MIN_INTERVAL}, each one aliased request of
 * free-to-allocate (the quantity Centra charges no complexity for) for the sizes read longest ago.
 * A failed read changes nothing but the signal: risk-first then judges by the ledger alone.
 */
final class CentraFreeReads {

    private static final Logger log = LoggerFactory.getLogger(CentraFreeReads.class);
    /** Pending removals change a few times a second; reading more often tells little more. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final CentraClient client;
    private final RateBudget reads;
    private final int maxSizes;
    private final Clock clock;
    private long nextRead;
    private boolean unreadable;

    /**
     * @param reads    the windows reads must keep to
     * @param maxSizes sizes per read (the sink's batch limit)
     */
    CentraFreeReads(CentraClient client, RateBudget reads, int maxSizes, Clock clock) {
        this.client = client;
        this.reads = reads;
        this.maxSizes = maxSizes;
        this.clock = clock;
    }

    /**
     * Reads the free-to-allocate of the pending removals read longest ago, if a read is due and
     * allowed; Centra's 429 pauses {@code budget} too (Centra refuses every call until then).
     */
    void refresh(Collection<PendingSize> pending, RateBudget budget) {
        long now = clock.millis();
        if (unreadable || now < nextRead || now < budget.pausedUntil().toEpochMilli()) {
            return;
        }
        List<PendingSize> removals = pending.stream().filter(p -> p.net < 0)
                .sorted(Comparator.comparingLong(p -> p.centraFreeReadAt)).limit(maxSizes).toList();
        if (removals.isEmpty() || !reads.tryAcquire()) {
            return;
        }
        nextRead = now + MIN_INTERVAL.toMillis();
        Map<WarehouseSize, Integer> free;
        try {
            free = client.freeToAllocate(removals.stream().map(p -> new WarehouseSize(p.warehouseId, p.sku)).toList());
        } catch (CentraException e) {
            switch (e.kind()) {
                case RATE_LIMITED -> budget.pauseUntil(e.retryAt());
                case OUTCOME_UNKNOWN, UNAUTHORIZED ->
                        log.debug("Could not read Centra's free-to-allocate: {}", e.getMessage());
                case FATAL -> {
                    unreadable = true;
                    log.warn("Centra refused the free-to-allocate read ({}); risk-first judges by the ledger's "
                            + "on-hand alone from now on", e.getMessage());
                }
            }
            return;
        }
        for (PendingSize p : removals) {
            p.centraFreeRead(free.get(new WarehouseSize(p.warehouseId, p.sku)), now);
        }
    }
}
