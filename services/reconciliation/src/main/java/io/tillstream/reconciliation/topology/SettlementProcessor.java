package io.tillstream.reconciliation.topology;

import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.domain.exceptions.FinanceRules;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Settlement;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest settlement per store, day and provider (a corrected one replaces it) and matches
 * the day once its totals are published; a day still open is matched when it closes.
 */
final class SettlementProcessor implements Processor<String, Settlement, String, ReconciliationException> {

    private final ReconciliationSettings settings;
    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, Settlement> settlements;
    private KeyValueStore<String, DailyStoreTotals> days;
    private SettlementCheck check;

    SettlementProcessor(ReconciliationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.settlements = context.getStateStore(ReconciliationTopology.SETTLEMENTS_STORE);
        this.days = context.getStateStore(ReconciliationTopology.DAILY_TOTALS_STORE);
        this.check = new SettlementCheck(context, settings);
    }

    @Override
    public void process(Record<String, Settlement> record) {
        Settlement settlement = record.value();
        if (settlement == null) {
            return;
        }
        settlements.put(SettlementCheck.settlementKey(settlement), settlement);
        DailyStoreTotals day = days.get(FinanceRules.dayKey(settlement.getStoreId(), settlement.getBusinessDate()));
        if (day != null) {
            check.check(day, Instant.ofEpochMilli(context.currentSystemTimeMs()))
                    .forEach(e -> context.forward(new Record<>(e.getId(), e, record.timestamp())));
        }
    }
}
