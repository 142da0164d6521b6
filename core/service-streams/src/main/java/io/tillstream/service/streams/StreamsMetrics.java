package io.tillstream.service.streams;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus registry of a Streams service, served at {@code /metrics} by {@link JsonHttp#metrics}:
 * Kafka Streams' own metrics (process rates, commit latency, consumer lag per partition as
 * {@code kafka_consumer_fetch_manager_records_lag}, …) through Micrometer's binder, plus JVM memory
 * and GC. A service adds its domain gauges to the same registry.
 */
public final class StreamsMetrics {

    private StreamsMetrics() {
    }

    public static PrometheusMeterRegistry of(KafkaStreams streams) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new KafkaStreamsMetrics(streams).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        return registry;
    }
}
