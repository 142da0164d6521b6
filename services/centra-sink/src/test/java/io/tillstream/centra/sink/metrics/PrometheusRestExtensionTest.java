package io.tillstream.centra.sink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/**
 * Plugin metrics registered as Connect registers them (a registry reporting to JMX under
 * {@code kafka.connect}), scraped through the REST extension's resource in Prometheus's format.
 */
class PrometheusRestExtensionTest {

    @Test
    void shouldServeThePluginMetricsFromJmxInPrometheusTextFormat() throws Exception {
        try (Metrics registry = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext("kafka.connect"));
             PluginMetricsImpl plugin = new PluginMetricsImpl(registry,
                     Map.of("connector", "prom-test-sink", "task", "0"))) {
            plugin.addMetric(plugin.metricName("pending-sizes", "test", new LinkedHashMap<>()),
                    (Measurable) (config, now) -> 7);
            LinkedHashMap<String, String> warehouse = new LinkedHashMap<>(Map.of("warehouse", "12"));
            Sensor freshness = plugin.addSensor("fresh");
            freshness.add(plugin.metricName("freshness-max-ms", "test", warehouse), new Max());
            freshness.record(1500);

            String text = new PrometheusRestExtension.MetricsResource().scrape();

            assertThat(text).contains("# TYPE kafka_connect_plugins_pending_sizes gauge")
                    .contains("kafka_connect_plugins_pending_sizes{connector=\"prom-test-sink\",task=\"0\"} 7.0")
                    .contains("kafka_connect_plugins_freshness_max_ms{connector=\"prom-test-sink\",task=\"0\","
                            + "warehouse=\"12\"} 1500.0");
        }
    }
}
