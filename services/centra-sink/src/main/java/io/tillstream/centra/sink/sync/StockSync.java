package io.tillstream.centra.sink.sync;

import io.tillstream.domain.sync.Rejection;
import io.tillstream.centra.client.CentraClient;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.MutationResult;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.client.StockMutation;
import io.tillstream.centra.sink.receipts.ReceiptLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes stock deltas to Centra within the budget, each exactly once while this task lives.
 * <ul>
 *   <li>Deltas are netted per (warehouse, size); one mutation per warehouse and direction carries
 *       all of its pending sizes, oldest first.</li>
 *   <li>A record is confirmed (its offset committable) only once Centra confirmed its delta.</li>
 *   <li>Sequences already confirmed or pending are skipped, so a re-delivered record is not re-sent.</li>
 *   <li>When the outcome of a mutation is unknown (timeout, 5xx) it is read back by its unique
 *       description before anything is re-sent: Centra's changeStock has no idempotency key.</li>
 * </ul>
 * The parts, one job each: {@link PendingDeltas} nets and groups, {@link SizeProgress} knows what is
 * settled, {@link ReadBack} asks Centra about a lost answer, {@link JournalRecovery} settles what a
 * restart found in doubt, {@link ParkedSizes} holds refused sizes until Centra knows them,
 * {@link TokenGuard} holds everything while the token is refused, {@link Corrections} applies an
 * audit's repairs, and {@link OffsetTracker} says what may be committed. This class sends, and
 * decides what an answer means.
 * <p>
 * Single-threaded: Connect calls put and preCommit from the task's thread.
 */
public final class StockSync {

    private static final Logger log = LoggerFactory.getLogger(StockSync.class);
    private static final Duration DEFAULT_PARKED_CHECK = Duration.ofSeconds(30);
    /** Reads share the tenant's request budget: a few sizes per check is enough to catch up. */
    private static final int PARKED_PER_CHECK = 20;
    /** Mutation id of the receipts that carry a parked size's later changes (nothing was sent). */
    private static final String PARKED_PREFIX = "parked:";
    /** Mutation id of the receipts that settle changes which cancelled out (nothing was sent). */
    private static final String NET_ZERO_PREFIX = "net-zero:";

    /** What to do with a record Centra will never accept as it is; reasons start with a {@link Rejection} code. */
    public interface Rejections {
        void reject(RecordRef record, String reason);
    }

    private final CentraClient client;
    private final Warehouses warehouses;
    private final RateBudget budget;
    private final Rejections rejections;
    private final Clock clock;
    private final ReceiptLog receipts;
    private final Scheduler scheduler;
    private final ParkedSizes parked;
    private final SizeProgress progress = new SizeProgress();
    private final PendingDeltas pending;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Corrections corrections;
    private final TokenGuard token;
    private final ReadBack readBack;
    private final JournalRecovery recovery;
    private final CentraFreeReads freeReads;
    private InFlight inDoubt;
    /** When the mutation in doubt may be read back (Centra is surely done with it by then). */
    private Instant readBackAt = Instant.EPOCH;
    private boolean recoveredBefore;
    private long mutationsSent;
    private long lastFlushMs;
    private SyncObserver observer = SyncObserver.NONE;
    /**
     * How a sync runs.
     *
     * @param warehouses      store location → its Centra warehouse id
     * @param maxSizes        most sizes one changeStock mutation carries
     * @param scheduler       which pending mutation the budget buys first
     * @param parkedCheck     how often Centra is asked whether it knows a refused size by now
     * @param readBackByStock read a mutation whose answer was lost back by comparing stock (for a
     *                        Centra without the stock-change query by description)
     * @param freeReads       the share of the request budget for reading Centra's free-to-allocate of
     *                        pending removals (risk-first's signal of what Centra is overselling);
     *                        null: no such reads
     */
    public record Options(Warehouses warehouses, int maxSizes, Scheduler scheduler, Duration parkedCheck,
                          boolean readBackByStock, RateBudget freeReads) {

        /** Risk-first, parked sizes asked about every 30 s, read back by description, no free-to-allocate reads. */
        public static Options of(Warehouses warehouses, int maxSizes) {
            return new Options(warehouses, maxSizes, new RiskFirst(RiskFirst.DEFAULT_THRESHOLD), DEFAULT_PARKED_CHECK,
                    false, null);
        }

        /** The same with a fixed location → warehouse mapping. */
        public static Options of(Map<String, Integer> warehouses, int maxSizes) {
            return of(Warehouses.fixed(warehouses), maxSizes);
        }

        public Options withScheduler(Scheduler scheduler) {
            return new Options(warehouses, maxSizes, scheduler, parkedCheck, readBackByStock, freeReads);
        }

        public Options withParkedCheck(Duration parkedCheck) {
            return new Options(warehouses, maxSizes, scheduler, parkedCheck, readBackByStock, freeReads);
        }

        public Options withReadBackByStock(boolean readBackByStock) {
            return new Options(warehouses, maxSizes, scheduler, parkedCheck, readBackByStock, freeReads);
        }

        public Options withFreeReads(RateBudget freeReads) {
            return new Options(warehouses, maxSizes, scheduler, parkedCheck, readBackByStock, freeReads);
        }
    }

    /**
     * @param budget     this task's share of the tenant's mutation budget
     * @param receipts   the journal that makes a restart exactly-once
     * @param rejections where a change Centra will never accept goes (the DLQ)
     */
    public StockSync(CentraClient client, RateBudget budget, ReceiptLog receipts, Rejections rejections,
                     Options options, Clock clock) {
        this.client = client;
        this.budget = budget;
        this.receipts = receipts;
        this.rejections = rejections;
        this.warehouses = options.warehouses();
        this.scheduler = options.scheduler();
        this.parked = new ParkedSizes(options.parkedCheck(), PARKED_PER_CHECK);
        this.pending = new PendingDeltas(options.maxSizes());
        this.freeReads = options.freeReads() == null ? null
                : new CentraFreeReads(client, options.freeReads(), options.maxSizes(), clock);
        this.clock = clock;
        this.lastFlushMs = clock.millis();
        this.corrections = new Corrections(client, receipts, clock);
        this.token = new TokenGuard(budget, clock);
        this.readBack = new ReadBack(client, options.readBackByStock(), clock);
        this.recovery = new JournalRecovery(readBack, token, receipts);
    }

    /**
     * Before the first record: what Centra already confirmed is never sent again, and a mutation
     * sent without a known outcome (the task died waiting) is read back, size by size, when the
     * size's first record reaches this task (see {@link JournalRecovery}). If Centra cannot say,
     * the task stops rather than risk pushing the same delta twice.
     */
    public void recover(Duration readBackPatience) {
        recover(readBackPatience, 1);
    }

    /**
     * @param tasks how many tasks share the connector's budget: the journal holds every task's
     *              sends, and each task is charged its share of them
     */
    public void recover(Duration readBackPatience, int tasks) {
        lastFlushMs = clock.millis();
        corrections.holdUntilNothingRuns();
        ReceiptLog.Recovered recovered = receipts.recover();
        // A restart must not reset the spend: what the journal says was sent still counts.
        if (!recoveredBefore) {
            // later recoveries (partitions moved in) read the same spend
            List<Instant> sent = recovered.sentAt().stream().sorted().toList();
            budget.spentEarlier(IntStream.range(0, sent.size()).filter(i -> i % tasks == 0)
                    .mapToObj(sent::get).toList());
            recoveredBefore = true;
        }
        recovered.confirmed().forEach(progress::settle);
        parked.restore(recovered.refused());
        recovery.recovered(recovered, readBackPatience);
        log.info("Recovered {} confirmed key(s) and {} unfinished mutation(s)", recovered.confirmed().size(),
                recovered.pending().size());
    }

    public void add(Collection<ChangeRecord> changes) {
        for (ChangeRecord c : changes) {
            recovery.settle(c.key()).ifPresent(sequence -> progress.settle(c.key(), sequence));
            offsets.track(c.record().topicPartition(), c.record().offset());
            Integer warehouse = warehouses.of(c.locationId());
            if (warehouse == null) {
                reject(c.record(), Rejection.UNMAPPED_LOCATION.reason("Location " + c.locationId()
                        + " is not mapped to a Centra warehouse"));
                continue;
            }
            if (progress.isSettled(c.key(), c.sequence())) {
                log.debug("Skipping {} #{} at {}: already in Centra", c.key(), c.sequence(), c.record().offset());
                done(c.record());
                continue;
            }
            if (progress.isTaken(c.key(), c.sequence())) {
                // Re-delivered while its first copy is still pending: that copy's confirmation
                // settles the offset (the same one). Marking it done now could commit it unsent.
                log.debug("Skipping {} #{} at {}: already pending", c.key(), c.sequence(), c.record().offset());
                continue;
            }
            progress.take(c.key(), c.sequence());
            if (parked.contains(c.key())) {
                park(c);
                continue;
            }
            pending.add(c, warehouse, clock.millis());
        }
    }

    /**
     * A later change of a size Centra refused: not sent (it would be refused too), but journalled
     * before its offset is committed: after a restart the parked size must come back with this
     * on-hand, not the one of the change Centra refused.
     */
    private void park(ChangeRecord c) {
        ParkedSizes.Parked now = parked.absorb(c);
        receipts.failed(PARKED_PREFIX + c.key(), List.of(new ReceiptLog.Part(now.locationId(), now.sku(),
                now.warehouseId(), now.sequence(), c.delta(), now.ledgerOnHand())),
                Rejection.SIZE_REFUSED.reason("parked until Centra knows " + c.sku()));
        progress.settle(c.key(), c.sequence());
        done(c.record());
    }

    /**
     * Spends what the budget allows, in the scheduler's order; then, if one is due, reads what
     * Centra offers of the removals still pending, for the next flush to judge by. Reading after
     * sending keeps a read from delaying a mutation the budget already allows.
     */
    public void flush() {
        lastFlushMs = clock.millis();
        if (inDoubt != null && !resolveInDoubt()) {
            return;
        }
        parked.releaseKnown(client, clock.millis()).forEach(pending::put);
        confirmNetZero();
        spend();
        if (inDoubt == null) {
            // A correction's receipt shares the size's journal key: written while another mutation
            // of the size is in doubt, it would stand in for that mutation's intent after a crash.
            corrections.apply(budget, correctionOutcome);
        }
        if (freeReads != null) {
            freeReads.refresh(pending.sizes(), budget);
        }
    }

    private void spend() {
        for (List<PendingSize> group : pending.groups(scheduler)) {
            if (!scheduler.mayTake(group, budget.capacityShort() - budget.usedShort(), budget.capacityShort())) {
                continue; // held back for sizes at risk (risk-first's reserve)
            }
            if (!budget.tryAcquire()) {
                return;
            }
            if (readBack.byStock() && !readBefore(group)) {
                return;
            }
            pending.take(group);
            List<StockMutation.SizeQuantity> sizes = group.stream()
                    .map(p -> new StockMutation.SizeQuantity(p.sku, Math.abs(p.net))).toList();
            StockMutation mutation = new StockMutation("tillstream:" + UUID.randomUUID(), group.get(0).warehouseId,
                    group.get(0).net > 0, sizes);
            try {
                receipts.intent(mutation.description(), parts(group));
            } catch (RuntimeException e) {
                group.forEach(p -> pending.putBack(p, p.isolate));
                throw e;
            }
            if (!send(new InFlight(mutation, group))) {
                return;
            }
        }
    }

    /**
     * Reads Centra's stock of a group's sizes just before its mutation is sent, so that an unknown
     * outcome can be read back by comparing stock.
     *
     * @return false when Centra could not answer: the group stays pending, flushing stops for now
     */
    private boolean readBefore(List<PendingSize> group) {
        try {
            readBack.readBefore(group);
            return true;
        } catch (CentraException e) {
            token.pauseFor(e);
            return false;
        }
    }

    /** @return false when flushing must stop for now (rate limited, or outcome unknown) */
    private boolean send(InFlight flight) {
        Instant sentAt = clock.instant();
        try {
            mutationsSent++;
            MutationResult result = client.changeStock(flight.mutation);
            token.accepted();
            if (result.applied()) {
                if (!journalConfirmed(flight, result.stockChangeId())) {
                    return false;
                }
                confirmedByCentra(flight);
                log.debug("Centra confirmed {} for {} size(s) of warehouse {}", flight.mutation.description(),
                        flight.parts.size(), flight.mutation.warehouseId());
            } else {
                refused(flight, result);
            }
            return true;
        } catch (CentraException e) {
            return failed(flight, e, sentAt);
        }
    }

    /**
     * Journals what Centra confirmed. If the journal cannot be written (the broker is away), its
     * last word on the mutation is the intent, as after a crash: the mutation is held in doubt and
     * the read-back finds it applied and journals it then; nothing is re-sent meanwhile.
     */
    private boolean journalConfirmed(InFlight flight, String stockChangeId) {
        try {
            receipts.confirmed(flight.mutation.description(), stockChangeId, parts(flight.parts));
            return true;
        } catch (RuntimeException e) {
            log.warn("Centra applied {} but its receipt could not be written ({}); confirming it by read-back",
                    flight.mutation.description(), e.toString());
            inDoubt = flight;
            readBackAt = clock.instant().plusSeconds(2);
            budget.pauseUntil(readBackAt);
            return false;
        }
    }

    /**
     * Centra refuses the whole mutation for one bad size. The sizes its errors name go to the DLQ;
     * the rest go back to pending. If the errors name no size, the sizes are sent one by one to find it.
     */
    private void refused(InFlight flight, MutationResult result) {
        String reason = String.join("; ", result.userErrors());
        if (flight.parts.size() == 1 || !result.refusedSizes().isEmpty()) {
            for (int i = 0; i < flight.parts.size(); i++) {
                PendingSize p = flight.parts.get(i);
                if (flight.parts.size() == 1 || result.refusedSizes().contains(i)) {
                    receipts.failed(flight.mutation.description(), parts(List.of(p)), reason);
                    parked.park(p);
                    progress.settle(p.key(), p.maxSequence);
                    p.records.forEach(r -> reject(r, Rejection.SIZE_REFUSED.reason("Centra refused " + p.sku
                            + " in warehouse " + p.warehouseId + ": " + reason)));
                } else {
                    pending.putBack(p, false);
                }
            }
            return;
        }
        log.info("Centra refused a mutation of {} sizes without naming one ({}); isolating them", flight.parts.size(),
                reason);
        flight.parts.forEach(p -> pending.putBack(p, true));
    }

    private boolean failed(InFlight flight, CentraException e, Instant sentAt) {
        switch (e.kind()) {
            case RATE_LIMITED -> {
                log.info("Centra rate limit: pausing until {}", e.retryAt());
                budget.pauseUntil(e.retryAt());
                flight.parts.forEach(p -> pending.putBack(p, p.isolate));
            }
            case OUTCOME_UNKNOWN -> {
                Instant readBackAt = clock.instant()
                        .plusMillis(1_000 + ThreadLocalRandom.current().nextLong(2_000));
                if (e.mayStillBeRunning() && readBackAt.isBefore(sentAt.plus(client.stillRunningLimit()))) {
                    // Unanswered: reading back before Centra is surely done with it could find
                    // "not applied" just before it is, and the re-send would apply it twice.
                    readBackAt = sentAt.plus(client.stillRunningLimit());
                }
                log.warn("Outcome of {} unknown ({}); reading back at {}", flight.mutation.description(),
                        e.getMessage(), readBackAt);
                inDoubt = flight;
                this.readBackAt = readBackAt;
                budget.pauseUntil(readBackAt);
            }
            case UNAUTHORIZED -> {
                token.refused(e);
                flight.parts.forEach(p -> pending.putBack(p, p.isolate));
            }
            case FATAL -> throw new SyncHalted(e.getMessage(), e);
        }
        return false;
    }

    /** @return true when the in-doubt mutation is settled (applied, or re-sent and answered) */
    private boolean resolveInDoubt() {
        if (clock.instant().isBefore(budget.pausedUntil())) {
            return false;
        }
        boolean applied;
        try {
            applied = readBack.applied(inDoubt.mutation.description(), parts(inDoubt.parts));
            token.accepted();
        } catch (CentraException e) {
            token.pauseFor(e);
            return false;
        }
        InFlight flight = inDoubt;
        if (applied) {
            log.info("Read-back: {} was applied by Centra; not re-sending", flight.mutation.description());
            // Written before the mutation leaves doubt: if the journal is still away, ask again later.
            receipts.confirmed(flight.mutation.description(), null, parts(flight.parts));
            inDoubt = null;
            confirmedByCentra(flight);
            return true;
        }
        inDoubt = null;
        if (!budget.tryAcquire()) {
            inDoubt = flight;
            return false;
        }
        log.info("Read-back: {} was not applied; re-sending it", flight.mutation.description());
        return send(flight);
    }

    /**
     * Sales and restocks of a size that cancel out need no call to Centra, but they are journalled
     * as confirmed (delta 0) before their offsets are released. Such a run's offsets can straddle
     * the offset that gets committed (another key's record still open between them): a successor
     * is then re-delivered only the run's tail, and without the receipt it would net that tail to a
     * delta Centra does not owe, the opposite of the changes left behind the commit.
     */
    private void confirmNetZero() {
        List<PendingSize> zero = pending.netZero();
        if (zero.isEmpty()) {
            return;
        }
        receipts.confirmed(NET_ZERO_PREFIX + UUID.randomUUID(), null, parts(zero));
        pending.take(zero);
        zero.forEach(this::confirm);
    }

    private static List<ReceiptLog.Part> parts(List<PendingSize> pendings) {
        return pendings.stream().map(p -> new ReceiptLog.Part(p.locationId, p.sku, p.warehouseId, p.maxSequence, p.net,
                p.onHandAfter, p.centraBefore)).toList();
    }

    private void confirm(PendingSize p) {
        progress.settle(p.key(), p.maxSequence);
        p.records.forEach(this::done);
    }

    private void confirmedByCentra(InFlight flight) {
        long now = clock.millis();
        flight.parts.forEach(p -> {
            confirm(p);
            observer.confirmed(p.warehouseId, p.oldestEvent, now);
        });
    }

    private void reject(RecordRef record, String reason) {
        log.warn("Rejected {}: {}", record, reason);
        rejections.reject(record, reason);
        done(record);
    }

    private void done(RecordRef record) {
        offsets.done(record.topicPartition(), record.offset());
    }

    public Map<TopicPartition, Long> committableOffsets() {
        return offsets.committable();
    }

    /** An audit's corrections (see {@link Corrections}): after the stores' own changes, in the same budget. */
    public void addCorrections(Collection<CorrectionRecord> records) {
        for (CorrectionRecord c : records) {
            offsets.track(c.record().topicPartition(), c.record().offset());
            Integer mapped = warehouses.of(c.locationId());
            if (mapped == null || mapped != c.warehouseId()) {
                reject(c.record(), Rejection.UNMAPPED_LOCATION.reason("The correction names warehouse "
                        + c.warehouseId() + " for " + c.locationId() + ", which this sink maps to " + mapped));
                continue;
            }
            corrections.add(c);
        }
    }

    private final Corrections.Outcome correctionOutcome = new Corrections.Outcome() {
        @Override
        public void done(CorrectionRecord correction) {
            StockSync.this.done(correction.record());
        }

        @Override
        public void refused(CorrectionRecord correction, String reason) {
            reject(correction.record(), reason);
        }

        @Override
        public void pause(CentraException e) {
            token.pauseFor(e);
        }

        @Override
        public long settled(String key) {
            return progress.settled(key);
        }

        @Override
        public void settle(String key, long sequence) {
            progress.settle(key, sequence);
        }
    };

    /**
     * Before partitions move to another task. A mutation in doubt that carries changes of them is
     * settled first, here: read back (once Centra is surely done with it), journalled CONFIRMED if
     * applied, else its changes go back to pending. So the new owner finds its outcome in the
     * journal, or (not applied) sends the re-delivered changes itself, and this task never re-sends
     * what is no longer its own. If Centra cannot say within {@code patience}, the task stops
     * rather than hand over a mutation whose outcome nobody knows.
     */
    public void handOver(Collection<TopicPartition> partitions, Duration patience) {
        if (inDoubt != null && inDoubt.parts.stream().flatMap(p -> p.records.stream())
                .anyMatch(r -> partitions.contains(r.topicPartition()))) {
            settleInDoubtNow(patience);
        }
        release(partitions);
    }

    private void settleInDoubtNow(Duration patience) {
        long deadline = clock.millis() + patience.toMillis();
        while (true) {
            Duration wait = Duration.between(clock.instant(), readBackAt);
            if (!wait.isNegative()) {
                ReadBack.sleep(wait);
            }
            try {
                InFlight flight = inDoubt;
                if (readBack.applied(flight.mutation.description(), parts(flight.parts))) {
                    log.info("Hand-over: {} was applied by Centra", flight.mutation.description());
                    receipts.confirmed(flight.mutation.description(), null, parts(flight.parts));
                    inDoubt = null;
                    confirmedByCentra(flight);
                } else {
                    log.info("Hand-over: {} was not applied; its changes go back to pending", flight.mutation.description());
                    inDoubt = null;
                    flight.parts.forEach(p -> pending.putBack(p, p.isolate));
                }
                return;
            } catch (CentraException e) {
                if (e.kind() == CentraException.Kind.FATAL || clock.millis() > deadline) {
                    throw new SyncHalted("Cannot hand over partitions while " + inDoubt.mutation.description()
                            + " is in doubt and Centra cannot say whether it was applied: " + e.getMessage(), e);
                }
                ReadBack.sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Partitions moved to another task: their unconfirmed records will be re-delivered there. */
    public void release(Collection<TopicPartition> partitions) {
        corrections.release(partitions);
        pending.release(partitions);
        partitions.forEach(offsets::forget);
        // A mutation in doubt keeps its sizes taken: its read-back decides, and a re-delivered copy
        // must not be sent beside it.
        progress.retakeOnly(Stream.concat(pending.stream(),
                inDoubt == null ? Stream.empty() : inDoubt.parts.stream()));
    }

    /** Sizes with a delta not yet confirmed by Centra, including those of a mutation in doubt. */
    public int pendingSizes() {
        return pending.size() + (inDoubt == null ? 0 : inDoubt.parts.size()) + corrections.size();
    }

    /** Whether a change of this location is still on its way to Centra (pending or in doubt). */
    public boolean pendingAt(String locationId) {
        return Stream.concat(pending.stream(), inDoubt == null ? Stream.empty() : inDoubt.parts.stream())
                .anyMatch(p -> p.locationId.equals(locationId));
    }

    /** When the oldest unconfirmed delta arrived (epoch millis); empty when nothing is pending. */
    public OptionalLong oldestPendingSince() {
        return Stream.concat(pending.stream(), inDoubt == null ? Stream.empty() : inDoubt.parts.stream())
                .mapToLong(p -> p.since).min();
    }

    /** Told of every delta Centra confirmed: feeds the freshness metric. */
    public void observe(SyncObserver observer) {
        this.observer = observer;
    }

    public long mutationsSent() {
        return mutationsSent;
    }

    /** Since when Centra has refused the token (epoch ms); empty while it accepts it. */
    public OptionalLong unauthorizedSince() {
        return token.refusedSince();
    }

    /** When the task last looked at its work (epoch ms): Connect calls put on every poll, even an empty one. */
    public long lastFlushMs() {
        return lastFlushMs;
    }

    private record InFlight(StockMutation mutation, List<PendingSize> parts) {
    }
}
