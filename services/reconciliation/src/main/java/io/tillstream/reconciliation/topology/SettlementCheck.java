package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.domain.exceptions.FinanceRules;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Settlement;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Matches one store-day's settlements against its published totals. Shared by the two processors
 * that can change either side: a day closing or being amended, and a settlement arriving.
 */
final class SettlementCheck {

    private final KeyValueStore<String, Settlement> settlements;
    private final KeyValueStore<String, ReconciliationException> exceptions;
    private final BigDecimal tolerance;

    SettlementCheck(KeyValueStore<String, Settlement> settlements,
                    KeyValueStore<String, ReconciliationException> exceptions, BigDecimal tolerance) {
        this.settlements = settlements;
        this.exceptions = exceptions;
        this.tolerance = tolerance;
    }

    /** Settlements are keyed {@code storeId|businessDate|provider}, so a day's are one prefix. */
    static String settlementKey(Settlement s) {
        return FinanceRules.dayKey(s.getStoreId(), s.getBusinessDate()) + "|" + s.getProvider();
    }

    /** @return the exceptions of the day this check changed: its SETTLEMENT_MISMATCH, its LATE_TRANSACTION */
    List<ReconciliationException> check(DailyStoreTotals day, Instant now) {
        String dayKey = FinanceRules.dayKey(day.getStoreId(), day.getBusinessDate());
        List<Settlement> forDay = new ArrayList<>();
        try (KeyValueIterator<String, Settlement> it = settlements.prefixScan(dayKey + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> forDay.add(kv.value));
        }
        List<ReconciliationException> changed = new ArrayList<>();
        String mismatch = ExceptionRules.id(ExceptionType.SETTLEMENT_MISMATCH, dayKey);
        FinanceRules.settlementMismatch(exceptions.get(mismatch), day, forDay, tolerance, now).ifPresent(changed::add);
        String late = ExceptionRules.id(ExceptionType.LATE_TRANSACTION, dayKey);
        FinanceRules.lateTransactionSettled(exceptions.get(late), day, forDay, tolerance, now).ifPresent(changed::add);
        changed.forEach(e -> exceptions.put(e.getId(), e));
        return changed;
    }
}
