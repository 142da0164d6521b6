package io.tillstream.reconciliation.topology;

import io.tillstream.domain.ledger.Voids;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.domain.exceptions.FinanceRules;
import io.tillstream.domain.finance.BusinessDay;
import io.tillstream.domain.finance.DailyTotals;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.TenderTotals;
import io.tillstream.schemas.TransactionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds transactions into their store's business day and publishes the day once it closes (wall
 * clock: a day closes in real time even when no event arrives). A transaction received after its day
 * closed amends the published day (version+1) and raises LATE_TRANSACTION. Lateness is judged by
 * {@code receivedAt}, not by the wall clock, so replaying the event log does not make everything late.
 */
final class DailyTotalsProcessor implements Processor<String, PosTransaction, String, FinanceOutput> {

    private static final Logger log = LoggerFactory.getLogger(DailyTotalsProcessor.class);

    private final ReconciliationSettings settings;
    private ProcessorContext<String, FinanceOutput> context;
    private KeyValueStore<String, PosTransaction> transactions;
    private KeyValueStore<String, DailyStoreTotals> days;
    private KeyValueStore<String, Long> openDays;
    private KeyValueStore<String, ReconciliationException> exceptions;
    private SettlementCheck settlements;
    /** Wall-clock time of the last transaction this task took in: a busy task may be working off a backlog. */
    private long lastTakenInMs;

    DailyTotalsProcessor(ReconciliationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, FinanceOutput> context) {
        this.context = context;
        this.transactions = context.getStateStore(ReconciliationTopology.FINANCE_TRANSACTIONS_STORE);
        this.days = context.getStateStore(ReconciliationTopology.DAILY_TOTALS_STORE);
        this.openDays = context.getStateStore(ReconciliationTopology.OPEN_DAYS_STORE);
        this.exceptions = context.getStateStore(ReconciliationTopology.FINANCE_EXCEPTIONS_STORE);
        this.settlements = new SettlementCheck(context, settings);
        this.lastTakenInMs = context.currentSystemTimeMs();
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeDueDays);
        context.schedule(TransactionRetention.SWEEP_INTERVAL, PunctuationType.STREAM_TIME,
                new TransactionRetention(transactions, settings.transactionRetention())::purge);
    }

    @Override
    public void process(Record<String, PosTransaction> record) {
        PosTransaction t = record.value();
        if (t == null) {
            return;
        }
        lastTakenInMs = context.currentSystemTimeMs();
        String txKey = t.getStoreId() + "|" + t.getTransactionId();
        PosTransaction counted = transactions.get(txKey);
        if (counted != null) {
            if (FinanceRules.sameTransaction(counted, t)) {
                log.debug("Transaction {} of {} already counted", t.getTransactionId(), t.getStoreId());
            } else {
                // A till that reuses an id (a counter reset, a restored backup) has its new sale taken for a
                // re-post of the old one and left uncounted, here and in the ledger: that must be seen.
                String id = ExceptionRules.id(ExceptionType.TRANSACTION_ID_REUSED, txKey);
                ReconciliationException reused = FinanceRules.transactionIdReused(exceptions.get(id), counted, t, now());
                exceptions.put(id, reused);
                context.forward(new Record<>(id, FinanceOutput.of(reused), record.timestamp()));
            }
            return;
        }
        List<TenderTotals> contribution = contribution(t);
        if (contribution == null) {
            return;
        }
        String dayKey = FinanceRules.dayKey(t.getStoreId(), t.getBusinessDate());
        DailyStoreTotals current = days.get(dayKey);
        if (current != null && !current.getCurrency().equals(t.getCurrency())) {
            // Not counted (nor remembered, so a VOID of it reverses nothing): shown to finance instead.
            String id = ExceptionRules.id(ExceptionType.CURRENCY_MISMATCH, dayKey);
            ReconciliationException mismatch = FinanceRules.currencyMismatch(exceptions.get(id), current, t, now());
            exceptions.put(id, mismatch);
            context.forward(new Record<>(id, FinanceOutput.of(mismatch), record.timestamp()));
            return;
        }
        transactions.put(txKey, t);
        if (t.getType() == TransactionType.VOID) {
            // the transaction keeps its own entry (a re-post of it is still recognised); the reversal is noted beside it
            transactions.put(reversalKey(t), t);
        }

        Instant closesAt = BusinessDay.closesAt(settings.stores().find(t.getStoreId()), t.getBusinessDate(),
                settings.closeGrace());
        DailyStoreTotals day = DailyTotals.add(current != null ? current
                : DailyTotals.empty(t.getStoreId(), t.getBusinessDate(), t.getCurrency()), contribution);
        Instant now = now();
        if (day.getVersion() > 0) {
            // already published: finance gets an amendment now, not at some later close
            publish(dayKey, day, now);
        } else {
            days.put(dayKey, day);
            openDays.put(dayKey, closesAt.toEpochMilli());
        }
        if (t.getReceivedAt().isAfter(closesAt)) {
            String id = ExceptionRules.id(ExceptionType.LATE_TRANSACTION, dayKey);
            ReconciliationException late = FinanceRules.lateTransaction(exceptions.get(id), t, closesAt,
                    days.get(dayKey).getVersion(), settings.closedMonths().closedAt(t.getBusinessDate()), now);
            exceptions.put(id, late);
            context.forward(new Record<>(id, FinanceOutput.of(late), record.timestamp()));
        }
    }

    /**
     * What the transaction adds; for a VOID, the voided transaction taken back out, once, by the ledger's
     * own rule ({@link Voids}); null when nothing.
     */
    private List<TenderTotals> contribution(PosTransaction t) {
        if (t.getType() != TransactionType.VOID) {
            return DailyTotals.contribution(t);
        }
        PosTransaction reversedBy = transactions.get(reversalKey(t));
        PosTransaction recorded = reversedBy != null ? reversedBy
                : transactions.get(t.getStoreId() + "|" + t.getVoidsTransactionId());
        Voids.Verdict verdict = Voids.verdict(t.getVoidsTransactionId(), recorded);
        if (verdict != Voids.Verdict.REVERSE) {
            // The ledger raises the same verdict for the store's retail ops (LEDGER_NOTICE VOID_...); money-wise
            // there is nothing to reverse: a sale named by two VOIDs comes out of the day once.
            log.warn("VOID {} of {} names {}: {}; totals unchanged", t.getTransactionId(), t.getStoreId(),
                    t.getVoidsTransactionId(), verdict);
            return null;
        }
        return DailyTotals.reversed(DailyTotals.contribution(recorded));
    }

    /** Where a VOID's reversal of its target is noted, beside the target's own entry. */
    private static String reversalKey(PosTransaction voidTx) {
        return "reversed:" + voidTx.getStoreId() + "|" + voidTx.getVoidsTransactionId();
    }

    /**
     * A day is final once its close has passed and every transaction received before the close has been
     * counted: the stream has reached the close (it processed a record appended after it), or the task
     * has been idle for a check interval. While the task works off a backlog (after a restart, a
     * rebalance or a replay) closing on the wall clock alone would publish a partial day, amend it with
     * transactions that were never late, and match settlements against the partial figures.
     */
    private void closeDueDays(long wallClockMs) {
        boolean idle = wallClockMs - lastTakenInMs >= settings.checkInterval().toMillis();
        long streamTimeMs = context.currentStreamTimeMs();
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = openDays.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value <= wallClockMs && (idle || kv.value <= streamTimeMs)) {
                    due.add(kv.key);
                }
            });
        }
        for (String dayKey : due) {
            openDays.delete(dayKey);
            publish(dayKey, days.get(dayKey), Instant.ofEpochMilli(wallClockMs));
            log.info("Closed business day {}", dayKey);
        }
        settlements.overdue(Instant.ofEpochMilli(wallClockMs)).forEach(e ->
                context.forward(new Record<>(e.getId(), FinanceOutput.of(e), wallClockMs)));
    }

    private void publish(String dayKey, DailyStoreTotals day, Instant now) {
        DailyStoreTotals published = DailyTotals.publish(day, now);
        days.put(dayKey, published);
        context.forward(new Record<>(dayKey, FinanceOutput.of(published), now.toEpochMilli()));
        settlements.check(published, now).forEach(e ->
                context.forward(new Record<>(e.getId(), FinanceOutput.of(e), now.toEpochMilli())));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
