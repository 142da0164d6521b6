package io.tillstream.reconciliation.http;

import io.tillstream.domain.exceptions.FinanceRules;
import io.tillstream.reconciliation.topology.ReconciliationTopology;
import io.tillstream.schemas.DailyStoreTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The days finance can ask about: every published day (the global view of finance.daily-totals.v1,
 * on every instance) and the open days of the stores this instance processes (version 0, not final).
 * With several instances, a day still open on another instance is not visible here. Not final: the
 * HTTP tests answer from a fixed day instead of a running Streams instance.
 */
public class DailyTotalsView {

    private final KafkaStreams streams;

    public DailyTotalsView(KafkaStreams streams) {
        this.streams = streams;
    }

    public Optional<DailyStoreTotals> find(String storeId, LocalDate businessDate) {
        String key = FinanceRules.dayKey(storeId, businessDate);
        return newest(store(ReconciliationTopology.DAILY_TOTALS_STORE).get(key),
                store(ReconciliationTopology.TOTALS_VIEW_STORE).get(key));
    }

    /** Every known day, newest first, optionally of one store and/or one date. */
    public List<DailyStoreTotals> list(String storeId, LocalDate businessDate) {
        Map<String, DailyStoreTotals> days = new HashMap<>();
        for (String name : List.of(ReconciliationTopology.TOTALS_VIEW_STORE, ReconciliationTopology.DAILY_TOTALS_STORE)) {
            try (KeyValueIterator<String, DailyStoreTotals> it = store(name).all()) {
                it.forEachRemaining(kv -> days.merge(kv.key, kv.value, (a, b) -> newest(a, b).orElseThrow()));
            }
        }
        List<DailyStoreTotals> matches = new ArrayList<>(days.values().stream()
                .filter(d -> storeId == null || d.getStoreId().equals(storeId))
                .filter(d -> businessDate == null || d.getBusinessDate().equals(businessDate))
                .toList());
        matches.sort(Comparator.comparing(DailyStoreTotals::getBusinessDate).reversed()
                .thenComparing(DailyStoreTotals::getStoreId));
        return matches;
    }

    private static Optional<DailyStoreTotals> newest(DailyStoreTotals a, DailyStoreTotals b) {
        if (a == null || b == null) {
            return Optional.ofNullable(a != null ? a : b);
        }
        return Optional.of(a.getVersion() >= b.getVersion() ? a : b);
    }

    private ReadOnlyKeyValueStore<String, DailyStoreTotals> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }
}
