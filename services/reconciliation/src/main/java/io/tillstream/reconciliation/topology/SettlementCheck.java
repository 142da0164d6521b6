package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.domain.exceptions.FinanceRules;
import io.tillstream.domain.finance.BusinessDay;
import io.tillstream.domain.exceptions.FinanceRules.Channel;
import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Settlement;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Matches one store-day's settlements against its published totals: card payouts against its card
 * tenders, bank deposits against its cash; and watches for the money of a day that took some. Shared by the two processors that can change either side: a day
 * closing or being amended, and a settlement arriving.
 */
final class SettlementCheck {

    private final KeyValueStore<String, Settlement> settlements;
    private final KeyValueStore<String, DailyStoreTotals> days;
    private final KeyValueStore<String, ReconciliationException> exceptions;
    /**
     * storeId|businessDate|channel → when its money is due (epoch ms): published days with card payments
     * and no payout, or cash and no deposit, not due yet.
     */
    private final KeyValueStore<String, Long> awaitingMoney;
    private final ReconciliationSettings settings;

    SettlementCheck(ProcessorContext<?, ?> context, ReconciliationSettings settings) {
        this.settlements = context.getStateStore(ReconciliationTopology.SETTLEMENTS_STORE);
        this.days = context.getStateStore(ReconciliationTopology.DAILY_TOTALS_STORE);
        this.exceptions = context.getStateStore(ReconciliationTopology.FINANCE_EXCEPTIONS_STORE);
        this.awaitingMoney = context.getStateStore(ReconciliationTopology.AWAITING_MONEY_STORE);
        this.settings = settings;
    }

    /** Settlements are keyed {@code storeId|businessDate|provider}, so a day's are one prefix. */
    static String settlementKey(Settlement s) {
        return FinanceRules.dayKey(s.getStoreId(), s.getBusinessDate()) + "|" + s.getProvider();
    }

    /**
     * @return the exceptions of the day this check changed: of its card payouts (SETTLEMENT_MISMATCH,
     *         SETTLEMENT_MISSING), of its cash deposits (DEPOSIT_MISMATCH, DEPOSIT_MISSING), its LATE_TRANSACTION
     */
    List<ReconciliationException> check(DailyStoreTotals day, Instant now) {
        String dayKey = FinanceRules.dayKey(day.getStoreId(), day.getBusinessDate());
        List<Settlement> forDay = new ArrayList<>();
        try (KeyValueIterator<String, Settlement> it = settlements.prefixScan(dayKey + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> forDay.add(kv.value));
        }
        List<ReconciliationException> changed = new ArrayList<>();
        BigDecimal tolerance = settings.settlementTolerance();
        StoreInfo store = settings.stores().find(day.getStoreId());
        for (Channel channel : Channel.values()) {
            String mismatch = ExceptionRules.id(channel.mismatchType(), dayKey);
            FinanceRules.mismatch(channel, exceptions.get(mismatch), day, forDay, tolerance, now)
                    .ifPresent(changed::add);
            Instant dueBy = BusinessDay.payoutDueBy(store, day.getBusinessDate(),
                    channel == Channel.CARD ? settings.payoutDays() : settings.depositDays());
            String missing = ExceptionRules.id(channel.missingType(), dayKey);
            FinanceRules.missing(channel, exceptions.get(missing), day, forDay, dueBy, now).ifPresent(changed::add);
            // Only what is not due yet waits for the wall clock: once due, the check above has raised it, and
            // only the money arriving or an amendment (each of which checks the day again) can change it. A
            // brand that never imports payouts would otherwise have every day of its history re-checked at
            // every check interval.
            String awaitingKey = dayKey + "|" + channel;
            if (FinanceRules.awaiting(channel, day, forDay) && now.isBefore(dueBy)) {
                awaitingMoney.put(awaitingKey, dueBy.toEpochMilli());
            } else {
                awaitingMoney.delete(awaitingKey);
            }
        }
        String late = ExceptionRules.id(ExceptionType.LATE_TRANSACTION, dayKey);
        FinanceRules.lateTransactionSettled(exceptions.get(late), day, forDay, tolerance, now).ifPresent(changed::add);
        changed.forEach(e -> exceptions.put(e.getId(), e));
        return changed;
    }

    /** The days whose payout or deposit is overdue, checked again now (wall clock): what they raised. */
    List<ReconciliationException> overdue(Instant now) {
        Set<String> due = new TreeSet<>();
        try (KeyValueIterator<String, Long> it = awaitingMoney.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value <= now.toEpochMilli()) {
                    due.add(kv.key.substring(0, kv.key.lastIndexOf('|')));
                }
            });
        }
        List<ReconciliationException> raised = new ArrayList<>();
        for (String dayKey : due) {
            DailyStoreTotals day = days.get(dayKey);
            if (day == null) {
                for (Channel channel : Channel.values()) {
                    awaitingMoney.delete(dayKey + "|" + channel);
                }
            } else {
                raised.addAll(check(day, now));
            }
        }
        return raised;
    }
}
