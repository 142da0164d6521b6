package io.tillstream.centra.sink.metrics;

import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.sink.sync.StockSync;
import io.tillstream.centra.sink.sync.SyncObserver;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;

/**
 * The sink task's metrics, registered through Connect's plugin metrics (KIP-877), so they appear
 * in the worker's JMX ({@code kafka.connect:type=plugins,connector=…,task=…}) and in whatever
 * metrics reporters the worker runs, tagged with the connector and task.
 * <ul>
 *   <li>{@code mutations-used-10s} / {@code mutations-budget-10s}, {@code mutations-used-1h} /
 *       {@code mutations-budget-1h}: this task's share of Centra's mutation budget and what it spent;</li>
 *   <li>{@code mutations-sent-total}: changeStock calls made (re-sends included);</li>
 *   <li>{@code pending-sizes}, {@code oldest-pending-age-ms}: what waits for budget or for Centra;</li>
 *   <li>{@code centra-auth-failing} (1 while Centra refuses the token) and {@code last-flush-age-ms}
 *       (a task whose poll loop is stuck stops looking at its work): what the watchdog reads;</li>
 *   <li>{@code freshness-p50-ms}, {@code freshness-p99-ms}, {@code freshness-max-ms}, tagged
 *       {@code warehouse}: from the event time of the oldest change a size carried to Centra's
 *       confirmation, i.e. how long Centra showed a stale figure. Over the last minute or so
 *       (Kafka's default two 30 s samples).</li>
 * </ul>
 */
public final class SinkMetrics implements SyncObserver {

    /** Freshness above this is clamped into the top bucket; percentiles are exact to about 0.3 s. */
    private static final double FRESHNESS_MAX_MS = 600_000;
    private static final int HISTOGRAM_BYTES = 4_000;

    private final PluginMetrics metrics;
    private final Map<Integer, Sensor> freshness = new HashMap<>();

    public SinkMetrics(PluginMetrics metrics, StockSync sync, RateBudget budget, LongSupplier clock) {
        this.metrics = metrics;
        gauge("mutations-used-10s", "Mutations this task sent in the last 10 s window", budget::usedShort);
        gauge("mutations-budget-10s", "Mutations this task may send in any 10 s window", budget::capacityShort);
        gauge("mutations-used-1h", "Mutations this task sent in the last hour", budget::usedLong);
        gauge("mutations-budget-1h", "Mutations this task may send in any hour", budget::capacityLong);
        gauge("mutations-sent-total", "changeStock calls made by this task, re-sends included", sync::mutationsSent);
        gauge("pending-sizes", "(Warehouse, size) pairs with a delta Centra has not confirmed", sync::pendingSizes);
        gauge("centra-auth-failing", "1 while Centra refuses the token (expired, revoked, missing a permission)",
                () -> sync.unauthorizedSince().isPresent() ? 1 : 0);
        gauge("last-flush-age-ms", "Time since the task last looked at its work (Connect calls put on every poll)",
                () -> clock.getAsLong() - sync.lastFlushMs());
        gauge("oldest-pending-age-ms", "Age of the oldest delta Centra has not confirmed (0 when none)",
                () -> sync.oldestPendingSince().stream().map(since -> clock.getAsLong() - since).findFirst()
                        .orElse(0));
    }

    @Override
    public void confirmed(int warehouseId, long eventTime, long confirmedAt) {
        if (eventTime <= 0) {
            return; // no event time: nothing honest to record
        }
        freshness.computeIfAbsent(warehouseId, this::freshnessSensor)
                .record(Math.max(0, confirmedAt - eventTime), confirmedAt);
    }

    private Sensor freshnessSensor(int warehouseId) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("warehouse", Integer.toString(warehouseId));
        Sensor sensor = metrics.addSensor("centra-freshness-" + warehouseId);
        sensor.add(new Percentiles(HISTOGRAM_BYTES, FRESHNESS_MAX_MS, Percentiles.BucketSizing.LINEAR,
                new Percentile(name("freshness-p50-ms", "Median event-to-Centra time", tags), 50),
                new Percentile(name("freshness-p99-ms", "99th percentile event-to-Centra time", tags), 99)));
        sensor.add(name("freshness-max-ms", "Longest event-to-Centra time", tags), new Max());
        return sensor;
    }

    private void gauge(String name, String description, LongSupplier value) {
        metrics.addMetric(name(name, description, new LinkedHashMap<>()), (Measurable) (config, now) -> value.getAsLong());
    }

    private MetricName name(String name, String description, LinkedHashMap<String, String> tags) {
        return metrics.metricName(name, description, tags);
    }
}
