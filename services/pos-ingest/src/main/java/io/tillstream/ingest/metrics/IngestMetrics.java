package io.tillstream.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what each endpoint did with the items posted to it: {@code tillstream_ingest_items_total}
 * by {@code endpoint} and {@code outcome} (accepted = durable in the event log; rejected = invalid,
 * never appended). A batch counts each of its items.
 */
@Singleton
public class IngestMetrics {

    public static final String TRANSACTIONS = "transactions";
    public static final String BATCH = "transactions-batch";
    public static final String ADJUSTMENTS = "stock-adjustments";
    public static final String STOCKTAKES = "stocktakes";
    private static final List<String> ENDPOINTS = List.of(TRANSACTIONS, BATCH, ADJUSTMENTS, STOCKTAKES);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front so a scrape shows 0 rather than nothing before the first request.
        for (String endpoint : ENDPOINTS) {
            counter(endpoint, "accepted");
            counter(endpoint, "rejected");
        }
    }

    public void accepted(String endpoint, int items) {
        counter(endpoint, "accepted").increment(items);
    }

    public void rejected(String endpoint, int items) {
        counter(endpoint, "rejected").increment(items);
    }

    /**
     * Counts a single-item request refused as invalid (400), by its path. A batch's envelope errors
     * are not items and are not counted here; its rejected items are counted by the batch itself.
     */
    public void rejectedRequest(String path) {
        String endpoint = switch (path) {
            case "/v1/transactions" -> TRANSACTIONS;
            case "/v1/stock-adjustments" -> ADJUSTMENTS;
            case "/v1/stocktakes" -> STOCKTAKES;
            default -> null;
        };
        if (endpoint != null) {
            rejected(endpoint, 1);
        }
    }

    private Counter counter(String endpoint, String outcome) {
        return counters.computeIfAbsent(endpoint + "/" + outcome, k -> Counter.builder("tillstream.ingest.items")
                .description("Items posted to pos-ingest, by endpoint and outcome")
                .tag("endpoint", endpoint).tag("outcome", outcome)
                .register(registry));
    }
}
