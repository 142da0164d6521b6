package io.tillstream.centra.sink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.sink.TeeCentra;
import io.tillstream.centra.client.GraphQlCentraClient;
import io.tillstream.centra.sink.receipts.ReceiptLog;
import io.tillstream.centra.sink.sync.ChangeRecord;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.sink.sync.RecordRef;
import io.tillstream.centra.sink.sync.StockSync;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics through Kafka's own plugin-metrics implementation (the one Connect hands a task),
 * read back from the {@link Metrics} registry that Connect's JMX and reporters read.
 */
class SinkMetricsTest {

    private static final String TOKEN = "metrics-token";
    private static final Map<String, String> TASK_TAGS = Map.of("connector", "centra-stock-sink", "task", "0");

    private CentraSimulator centra;
    private Metrics registry;
    private PluginMetricsImpl plugin;
    private StockSync sync;
    private long offset;

    @BeforeEach
    void setUp() {
        centra = TeeCentra.twoStores(TOKEN);
        Clock clock = Clock.systemUTC();
        RateBudget budget = RateBudget.mutations(1, 100, clock);
        sync = new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(2), clock), budget,
                ReceiptLog.NONE, (record, reason) -> { }, StockSync.Options.of(Map.of("S001", 1, "S002", 2), 200), clock);
        registry = new Metrics();
        plugin = new PluginMetricsImpl(registry, TASK_TAGS);
        sync.observe(new SinkMetrics(plugin, sync, budget, clock::millis));
    }

    @AfterEach
    void tearDown() throws Exception {
        plugin.close();
        registry.close();
        centra.close();
    }

    @Test
    void shouldReportBudgetSpendPendingSizesAndTheirAge() throws Exception {
        assertThat(value("mutations-budget-10s")).isEqualTo(1);
        assertThat(value("mutations-budget-1h")).isEqualTo(100);

        long now = System.currentTimeMillis();
        sync.add(List.of(change("S001", "TEE-M", -1, now - 4_000), change("S002", "TEE-M", -2, now - 1_000)));
        sync.flush(); // one mutation's worth of budget: one warehouse now, the other waits
        Thread.sleep(50);

        assertThat(value("mutations-used-10s")).isEqualTo(1);
        assertThat(value("mutations-used-1h")).isEqualTo(1);
        assertThat(value("mutations-sent-total")).isEqualTo(1);
        assertThat(value("pending-sizes")).isEqualTo(1);
        assertThat(value("oldest-pending-age-ms")).isBetween(50.0, 5_000.0);
    }

    @Test
    void shouldReportFreshnessPerWarehouseFromEventTimeToConfirmation() {
        long now = System.currentTimeMillis();
        sync.add(List.of(change("S001", "TEE-M", -1, now - 3_000), change("S001", "TEE-M", -1, now - 1_000),
                change("S001", "TEE-L", -1, now - 8_000)));
        sync.flush();

        assertThat(value("pending-sizes")).isZero();
        assertThat(value("oldest-pending-age-ms")).isZero();
        Map<String, String> s001 = Map.of("warehouse", "1");
        // TEE-M counts from its older change (3 s ago), TEE-L from 8 s ago
        assertThat(value("freshness-max-ms", s001)).isBetween(8_000.0, 9_500.0);
        assertThat(value("freshness-p99-ms", s001)).isBetween(7_000.0, 9_500.0);
        assertThat(value("freshness-p50-ms", s001)).isBetween(2_000.0, 9_500.0);
        assertThat(registry.metrics().keySet()).as("no freshness yet for a warehouse nothing reached")
                .noneMatch(n -> "2".equals(n.tags().get("warehouse")));
    }

    private double value(String name) {
        return value(name, Map.of());
    }

    private double value(String name, Map<String, String> extraTags) {
        Map<String, String> tags = new LinkedHashMap<>(TASK_TAGS);
        tags.putAll(extraTags);
        KafkaMetric metric = registry.metric(new MetricName(name, "plugins", "", tags));
        assertThat(metric).as(name + " " + tags + " registered; have " + registry.metrics().keySet()).isNotNull();
        return ((Number) metric.metricValue()).doubleValue();
    }

    private ChangeRecord change(String location, String sku, int delta, long occurredAt) {
        long sequence = ++offset;
        RecordRef record = new RecordRef("stock.changes.v1", 0, offset);
        return new ChangeRecord(location, sku, sequence, delta, 5, occurredAt, record);
    }
}
