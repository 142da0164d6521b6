package io.tillstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillstream.ingest.metrics.IngestMetrics;
import io.tillstream.projector.StockProjector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps deploy/grafana/tillstream.json importable and in step with the metric names the services
 * register, so a renamed metric breaks this test rather than a panel nobody looks at until it matters.
 */
class GrafanaDashboardTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern CONSUMER_GROUP = Pattern.compile("consumergroup=\"([^\"]+)\"");
    /** Exported by kafka-exporter from the brokers' consumer group offsets: no service code to check it against. */
    private static final String GROUP_LAG = "kafka_consumergroup_lag";
    /** The sink's Connect plugin metrics as the Prometheus JMX exporter names them (mbean type=plugins). */
    private static final String SINK_PREFIX = "kafka_connect_plugins_";
    /** Reconciliation's per-owner gauges, Micrometer-named (dots) in its query server. */
    private static final String EXCEPTIONS_PREFIX = "tillstream_exceptions_";

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/tillstream.json").toFile());
    }

    private static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        dashboard().get("panels").forEach(p -> p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        return exprs;
    }

    @Test
    void shouldBeImportableWithAPrometheusDatasourceVariable() throws IOException {
        JsonNode dashboard = dashboard();
        JsonNode variable = dashboard.at("/templating/list/0");
        assertThat(variable.get("type").asText()).isEqualTo("datasource");
        assertThat(variable.get("query").asText()).isEqualTo("prometheus");
        assertThat(dashboard.get("uid").asText()).isNotBlank();
        Set<String> titles = new TreeSet<>();
        dashboard.get("panels").forEach(panel -> {
            titles.add(panel.get("title").asText());
            assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
        });
        assertThat(titles).contains("Ingest rate", "Projector lag", "Centra budget use", "Centra freshness",
                "Open exceptions by owner");
    }

    @Test
    void shouldOnlyQueryMetricsTheServicesRegister() throws IOException {
        PrometheusMeterRegistry ingest = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new IngestMetrics(ingest);
        String ingestScrape = ingest.scrape();
        String sinkMetrics = Files.readString(ROOT.resolve(
                "services/centra-sink/src/main/java/io/tillstream/centra/sink/metrics/SinkMetrics.java"));
        String reconciliationMetrics = Files.readString(ROOT.resolve(
                "services/reconciliation/src/main/java/io/tillstream/reconciliation/http/ExceptionQueryServer.java"));
        Set<String> groups = new TreeSet<>(Set.of(StockProjector.APPLICATION_ID,
                // a sink connector's consumer group is connect-<connector name>
                "connect-centra-stock-sink"));
        assertThat(ROOT.resolve("deploy/connect/centra-stock-sink.json")).exists();

        Set<String> used = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = SELECTOR.matcher(expr);
            while (m.find()) {
                String metric = m.group(1);
                used.add(metric);
                if (metric.startsWith("tillstream_ingest_")) {
                    assertThat(ingestScrape).as("pos-ingest's /metrics has %s", metric).contains(metric + "{");
                } else if (metric.startsWith(SINK_PREFIX)) {
                    String sinkName = metric.substring(SINK_PREFIX.length()).replace('_', '-');
                    assertThat(sinkMetrics).as("SinkMetrics registers %s (exported as %s)", sinkName, metric)
                            .contains("\"" + sinkName + "\"");
                } else if (metric.equals(GROUP_LAG)) {
                    Matcher group = CONSUMER_GROUP.matcher(m.group(2));
                    assertThat(group.find()).as("lag of a named consumer group: %s", expr).isTrue();
                    assertThat(groups).as("consumer group in %s", expr).contains(group.group(1));
                } else {
                    assertThat(metric).as("a metric some service registers").startsWith(EXCEPTIONS_PREFIX);
                    assertThat(reconciliationMetrics).as("reconciliation registers %s", metric)
                            .contains("\"" + metric.replace('_', '.') + "\"");
                }
            }
        }
        assertThat(used).contains("tillstream_ingest_items_total", GROUP_LAG);
    }
}
