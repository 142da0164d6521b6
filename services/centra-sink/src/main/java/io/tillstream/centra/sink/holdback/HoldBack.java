package io.tillstream.centra.sink.holdback;

import io.tillstream.centra.client.CentraClient;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.sink.sync.Warehouses;
import io.tillstream.domain.stores.OfflineHold;
import io.tillstream.domain.stores.StoreSellRates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a silent store's stock back from the webshop. An offline till keeps selling and queues its
 * sales, so while a store is silent Centra still offers what may be sold already. Centra's webshop
 * sells a warehouse's free-to-allocate minus the warehouse's {@code threshold}; raising the store
 * warehouse's threshold by {@link OfflineHold} (the store's recent sell rate per selling size × the
 * silence) keeps that many units of every size off the webshop, while physical and free-to-allocate
 * stock, which the ledger, the receipts and the audit compare, stay true. Once the store is heard
 * again and none of its changes is still on its way to Centra, the threshold goes back to the base.
 *
 * <p>Setting a threshold is an absolute write: sending it twice does no harm, so no journal is
 * needed; what this task does not know (after a start, a lost answer) it reads from Centra first.
 * Each write takes one mutation from the sink's budget, each read a request from a small share of
 * the tenant's requests. A silent store's come before the stores' own changes (a hold is worth most
 * at the start of a silence); reading the thresholds of the other stores, to undo a hold a stopped
 * task left, waits for what their changes leave over.
 */
public final class HoldBack {

    private static final Logger log = LoggerFactory.getLogger(HoldBack.class);
    private static final Duration AFTER_REFUSAL = Duration.ofMinutes(1);
    /**
     * Reconciliation hears a store again from its first backlog event; the backlog's stock changes
     * reach this sink after the projector, seconds later. Until this long after, the hold stays.
     */
    static final Duration CATCH_UP_GRACE = Duration.ofMinutes(1);

    private final CentraClient client;
    private final RateBudget budget;
    private final RateBudget reads;
    private final Warehouses warehouses;
    private final SilentStores silent;
    private final StoreSellRates rates;
    private final OfflineHold rule;
    private final int baseThreshold;
    private final Clock clock;
    /** Per warehouse, the threshold Centra has as far as this task knows; absent: read it first. */
    private final Map<Integer, Integer> known = new HashMap<>();
    /** Stores to look at: seen in a change since this task took over, or silent. */
    private final Set<String> stores = new LinkedHashSet<>();
    /** A warehouse whose write Centra refused is left alone until then. */
    private final Map<Integer, Instant> notBefore = new HashMap<>();

    /**
     * @param budget the sink's mutations, for the writes
     * @param reads  a share of the tenant's requests, for reading thresholds not known yet
     */
    public HoldBack(CentraClient client, RateBudget budget, RateBudget reads, Warehouses warehouses,
                    SilentStores silent, StoreSellRates rates, OfflineHold rule, int baseThreshold, Clock clock) {
        this.client = client;
        this.budget = budget;
        this.reads = reads;
        this.warehouses = warehouses;
        this.silent = silent;
        this.rates = rates;
        this.rule = rule;
        this.baseThreshold = baseThreshold;
        this.clock = clock;
    }

    /**
     * A store's change: a removal counts towards its sell rate (at its event time; 0 when unknown),
     * and the store's warehouse is checked once.
     */
    public void changed(String storeId, String sku, int delta, long occurredAtMillis) {
        stores.add(storeId);
        if (delta < 0) {
            long now = clock.millis();
            rates.sold(storeId, sku, -delta, occurredAtMillis <= 0 ? now : Math.min(occurredAtMillis, now));
        }
    }

    /**
     * Brings each store warehouse's threshold to what it should be now, within the budget.
     *
     * @param catchingUp whether a change of the store is still on its way to Centra
     * @param readAll    also read the thresholds not known yet of stores that are not silent (a hold
     *                   left by a task that stopped): only with budget the stores' changes left over
     */
    public void converge(Predicate<String> catchingUp, boolean readAll) {
        if (!silent.loaded()) {
            return; // a store silent before this start is not released by mistake
        }
        Map<String, Instant> silentNow = silent.now();
        stores.addAll(silentNow.keySet());
        Instant now = clock.instant();
        for (String store : stores) {
            Integer warehouse = warehouses.of(store);
            if (warehouse == null || now.isBefore(notBefore.getOrDefault(warehouse, Instant.EPOCH))) {
                continue;
            }
            Integer current = known.get(warehouse);
            if (current == null && !readAll && !silentNow.containsKey(store)) {
                continue;
            }
            Integer target = current == null ? null : target(store, silentNow.get(store), current, catchingUp, now);
            if (current != null && target.equals(current)) {
                continue;
            }
            if (!(current == null ? reads : budget).tryAcquire()) {
                continue; // the next store may need the other budget
            }
            try {
                if (current == null) {
                    known.put(warehouse, client.warehouseThreshold(warehouse));
                } else {
                    client.setWarehouseThreshold(warehouse, target);
                    known.put(warehouse, target);
                    log.info("Store {} {}: threshold of Centra warehouse {} now {} (was {})", store,
                            target > baseThreshold ? "silent, holding back " + (target - baseThreshold)
                                    + " unit(s) per size" : "caught up, released", warehouse, target, current);
                }
            } catch (CentraException e) {
                // Not known any more (an unanswered write may or may not have landed): read it again.
                known.remove(warehouse);
                if (e.kind() == CentraException.Kind.FATAL || e.kind() == CentraException.Kind.UNAUTHORIZED) {
                    notBefore.put(warehouse, now.plus(AFTER_REFUSAL));
                    log.warn("Centra refused the threshold of warehouse {} for store {}: {}", warehouse, store,
                            e.getMessage());
                } else if (e.kind() == CentraException.Kind.RATE_LIMITED && e.retryAt() != null) {
                    budget.pauseUntil(e.retryAt());
                }
                return;
            }
        }
    }

    /**
     * What the store's threshold should be now: the hold while silent; once heard again, the current
     * one while its backlog may still be on its way or its changes are still being pushed.
     */
    private int target(String store, Instant silentSince, int current, Predicate<String> catchingUp, Instant now) {
        if (silentSince != null) {
            Duration silence = Duration.between(silentSince, now);
            // The rate it had when it fell silent: its sales since have not reached us, that is the point.
            return baseThreshold + rule.units(rates.perSizePerHour(store, silentSince.toEpochMilli()), silence);
        }
        boolean backlogOnItsWay = silent.heardAgain(store).map(heard -> now.isBefore(heard.plus(CATCH_UP_GRACE)))
                .orElse(false);
        return current > baseThreshold && (backlogOnItsWay || catchingUp.test(store)) ? current : baseThreshold;
    }

    /** Another task holds stores back now: what this one knew may be stale when it takes over again. */
    public void forget() {
        known.clear();
        stores.clear();
        notBefore.clear();
    }
}
