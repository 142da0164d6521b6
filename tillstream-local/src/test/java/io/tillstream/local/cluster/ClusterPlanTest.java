package io.tillstream.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.local.cluster.ClusterPlan.Kind;
import io.tillstream.local.cluster.ClusterPlan.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml read as the cluster's plan: the production shape the issue asks for, every
 * compose host name, port and container path made local, nothing else changed.
 */
class ClusterPlanTest {

    private static final Path ROOT = Path.of("..");
    private static final Path DATA = Path.of("/data/cluster");
    /** What must never reach a local process: a compose host name with its port, or a container path. */
    private static final Pattern COMPOSE_ADDRESS = Pattern.compile(
            "(kafka-\\d|schema-registry-\\d|centra-simulator|connect-\\d|stock-projector-\\d|reconciliation-\\d|pos-ingest-\\d):\\d+"
                    + "|/run/secrets|/var/lib/tillstream|/opt/tillstream|/etc/tillstream");

    private final ClusterPlan plan = new ClusterPlan(ROOT, DATA, 8080);

    @Test
    void shouldRunTheProductionShapeAsProcesses() {
        Map<Kind, Long> counts = plan.nodes().stream().collect(java.util.stream.Collectors.groupingBy(Node::kind,
                java.util.stream.Collectors.counting()));
        assertThat(counts).containsEntry(Kind.BROKER, 3L).containsEntry(Kind.REGISTRY, 2L)
                .containsEntry(Kind.CONNECT, 2L).containsEntry(Kind.PROJECTOR, 2L).containsEntry(Kind.RECONCILIATION, 2L)
                .containsEntry(Kind.INGEST, 2L).containsEntry(Kind.SIMULATOR, 1L).containsEntry(Kind.TOPICS_INIT, 1L);
    }

    @Test
    void shouldGiveEveryProcessTheComposeSettingsMadeLocal() {
        for (Node node : plan.nodes()) {
            String everything = node.env() + " " + node.args() + " " + node.properties();
            assertThat(COMPOSE_ADDRESS.matcher(everything).find())
                    .as("%s still names a compose address or container path: %s", node.name(), everything).isFalse();
            assertThat(everything).as(node.name()).doesNotContain("0.0.0.0");
        }
        Node projector = plan.node("stock-projector-2");
        assertThat(projector.mainClass()).isEqualTo("io.tillstream.projector.StockProjector");
        assertThat(projector.env()).containsEntry("TILLSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094")
                .containsEntry("TILLSTREAM_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8085,http://127.0.0.1:8185")
                .containsEntry("TILLSTREAM_HTTP_PORT", "8181").containsEntry("TILLSTREAM_HTTP_HOST", "127.0.0.1")
                .containsEntry("TILLSTREAM_ADVERTISED_HOST", "127.0.0.1")
                .containsEntry("TILLSTREAM_STATE_DIR", DATA.resolve("stock-projector-2").toString())
                .containsEntry("TILLSTREAM_REPLICATION_FACTOR", "3");
        assertThat(plan.node("reconciliation-1").env())
                .containsEntry("TILLSTREAM_CONNECT_URL", "http://127.0.0.1:8083,http://127.0.0.1:8183")
                .containsEntry("TILLSTREAM_STORES_FILE", DATA.resolve("secrets/stores_yml").toString());
        assertThat(plan.node("pos-ingest-2").env()).containsEntry("MICRONAUT_SERVER_PORT", "8180");
        assertThat(plan.node("centra-simulator").args()).containsSequence("--port", "8090")
                .containsSequence("--host", "127.0.0.1")
                .contains(DATA.resolve("centra-simulator/centra-simulator.json").toString());
    }

    @Test
    void shouldKeepTheBrokersDurableAndReplicated() {
        Node broker = plan.node("kafka-2");
        assertThat(broker.mainClass()).isEqualTo("kafka.Kafka");
        assertThat(broker.properties())
                .containsEntry("node.id", "2")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9093,CONTROLLER://127.0.0.1:9193")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9093")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9192,2@127.0.0.1:9193,3@127.0.0.1:9194")
                .containsEntry("min.insync.replicas", "2").containsEntry("default.replication.factor", "3")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("log.dirs", DATA.resolve("kafka-2").toString());
        assertThat(broker.env().get("CLUSTER_ID")).as("Kafka's format takes a 16-byte base64url id").hasSize(22);
        assertThat(plan.node("topics-init").env()).containsEntry("TILLSTREAM_MIN_INSYNC_REPLICAS", "2")
                .containsEntry("TILLSTREAM_REPLICATION_FACTOR", "3");
    }

    @Test
    void shouldRunConnectFromTheDeployedWorkerPropertiesAndPluginDirectory() {
        Node worker = plan.node("connect-2");
        assertThat(worker.mainClass()).isEqualTo("org.apache.kafka.connect.cli.ConnectDistributed");
        assertThat(worker.properties()).containsEntry("listeners", "http://127.0.0.1:8183")
                .containsEntry("group.id", "tillstream-connect")
                .containsEntry("plugin.path", ROOT.resolve("centra-sink/target/plugin").normalize().toString())
                .containsEntry("value.converter.schema.registry.url", "http://127.0.0.1:8085,http://127.0.0.1:8185");
        String sink = plan.connectorConfig("centra-stock-sink");
        assertThat(COMPOSE_ADDRESS.matcher(sink).find()).as(sink).isFalse();
        assertThat(sink).contains("\"centra.url\": \"http://127.0.0.1:8090\"")
                .contains("${file:" + DATA.resolve("secrets/connect/centra.properties") + ":token}");
        assertThat(plan.connectUrls()).containsExactly("http://127.0.0.1:8083", "http://127.0.0.1:8183");
    }

    @Test
    void shouldShiftEveryPortWithThePortBase() {
        ClusterPlan shifted = new ClusterPlan(ROOT, DATA, 9280);
        assertThat(shifted.node("pos-ingest-2").env()).containsEntry("MICRONAUT_SERVER_PORT", "9380");
        assertThat(shifted.node("kafka-1").port()).isEqualTo(10292);
        assertThat(shifted.node("centra-simulator").args()).containsSequence("--port", "9290");
        assertThat(List.of(shifted.node("stock-projector-1").port(), shifted.node("schema-registry-2").port()))
                .containsExactly(9281, 9385);
    }
}
