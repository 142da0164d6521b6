package io.tillstream.centra.sink.metrics;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The numeric attributes of a JMX domain as Prometheus gauges, the way Prometheus's JMX exporter
 * names them by default: {@code kafka.connect:type=plugins,connector=c,task=0} attribute
 * {@code pending-sizes} becomes {@code kafka_connect_plugins_pending_sizes{connector="c",task="0"}}.
 * Reading JMX (rather than holding the metrics registry) is what lets a REST extension, which
 * Connect gives no handle on its metrics, serve the worker's metrics, the plugin's included.
 */
final class JmxSnapshot {

    private JmxSnapshot() {
    }

    static MetricSnapshots of(MBeanServer server, String domain) throws JMException {
        Map<String, List<GaugeSnapshot.GaugeDataPointSnapshot>> byName = new TreeMap<>();
        for (ObjectName bean : server.queryNames(new ObjectName(domain + ":*"), null)) {
            String prefix = domain + "_" + bean.getKeyProperty("type");
            Labels labels = labels(bean);
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(bean).getAttributes()) {
                if (!attribute.isReadable()) {
                    continue;
                }
                Object value;
                try {
                    value = server.getAttribute(bean, attribute.getName());
                } catch (JMException | RuntimeException gone) {
                    continue; // a metric removed while we read: the next scrape will not see it
                }
                if (value instanceof Number n) {
                    byName.computeIfAbsent(PrometheusNaming.sanitizeMetricName(prefix + "_" + attribute.getName()),
                            k -> new ArrayList<>()).add(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels).value(n.doubleValue()).build());
                }
            }
        }
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        byName.forEach((name, points) -> {
            GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name);
            points.forEach(gauge::dataPoint);
            snapshots.metricSnapshot(gauge.build());
        });
        return snapshots.build();
    }

    private static Labels labels(ObjectName bean) {
        Labels.Builder labels = Labels.builder();
        new TreeMap<>(bean.getKeyPropertyList()).forEach((key, value) -> {
            if (!"type".equals(key)) {
                labels.label(PrometheusNaming.sanitizeLabelName(key),
                        value.startsWith("\"") ? ObjectName.unquote(value) : value);
            }
        });
        return labels.build();
    }
}
