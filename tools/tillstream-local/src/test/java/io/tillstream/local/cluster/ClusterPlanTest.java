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

    private static final Path ROOT = Path.of("../..");
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
                .containsEntry(Kind.INGEST, 2L).containsEntry(Kind.SIMULATOR, 1L).containsEntry(Kind.TOPICS_INIT, 1L)
                .containsEntry(Kind.SCHEMAS_INIT, 1L).containsEntry(Kind.STORES_INIT, 1L);
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
                .containsEntry("TILLSTREAM_CONNECT_URL", "http://127.0.0.1:8083,http://127.0.0.1:8183");
        assertThat(plan.node("stores-init").mainClass()).isEqualTo("io.tillstream.service.access.StoreImport");
        assertThat(plan.node("stores-init").kind().isStep()).as("runs once, never restarted as a service").isTrue();
        assertThat(plan.node("stores-init").env())
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
                .containsEntry("plugin.path", ROOT.resolve("services/centra-sink/target/plugin").normalize().toString())
                .containsEntry("value.converter.schema.registry.url", "http://127.0.0.1:8085,http://127.0.0.1:8185");
        Map<String, String> sink = plan.connectorConfig("centra-stock-sink");
        assertThat(COMPOSE_ADDRESS.matcher(sink.toString()).find()).as(sink.toString()).isFalse();
        assertThat(sink).containsEntry("centra.url", "http://127.0.0.1:8090")
                .containsEntry("centra.token", "${file:" + DATA.resolve("secrets/connect/centra.properties") + ":token}")
                .doesNotContainKey("centra.receipts.kafka.security.protocol");
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

    @Test
    void shouldSecureEveryListenerAndClientWhenTheSecureFileIsMerged() {
        ClusterPlan secure = new ClusterPlan(ROOT, DATA, 8080, true);
        String secrets = DATA.resolve("secrets") + "/";
        assertThat(secure.node("kafka-2").properties())
                .containsEntry("listeners", "CLIENT://127.0.0.1:9093,CONTROLLER://127.0.0.1:9193,BROKER://127.0.0.1:9293")
                .containsEntry("advertised.listeners", "CLIENT://127.0.0.1:9093,BROKER://127.0.0.1:9293")
                .containsEntry("listener.security.protocol.map", "CLIENT:SASL_SSL,CONTROLLER:SSL,BROKER:SSL")
                .containsEntry("listener.name.broker.ssl.client.auth", "required")
                .containsEntry("listener.name.controller.ssl.client.auth", "required")
                .containsEntry("ssl.keystore.password", "${file:" + secrets + "kafka/broker/broker.properties:keystore.password}")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("min.insync.replicas", "2"); // the base file's settings stay
        for (String service : List.of("pos-ingest-1", "stock-projector-2", "reconciliation-1")) {
            String principal = service.substring(0, service.length() - 2);
            assertThat(secure.node(service).env()).as(service)
                    .containsEntry("TILLSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("TILLSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("TILLSTREAM_KAFKA_SASL_JAAS_CONFIG_FILE", secrets + "kafka/" + principal + "/jaas")
                    .containsValue("127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094"); // the CLIENT listeners
        }
        assertThat(secure.node("schema-registry-2").env()).containsEntry("TILLSTREAM_KAFKA_CONFIG_FILE",
                secrets + "kafka/schema-registry/client.properties")
                .containsEntry("TILLSTREAM_REGISTRY_WRITER_FILE", secrets + "kafka/schema-registry/writers");
        assertThat(secure.node("schemas-init").env()).containsEntry("TILLSTREAM_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE",
                secrets + "kafka/admin/registry.user-info");
        assertThat(secure.node("stock-projector-1").env()).containsEntry(
                "TILLSTREAM_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE", secrets + "kafka/stock-projector/registry.user-info");
        assertThat(secure.node("topics-init").env())
                .containsEntry("TILLSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9292,127.0.0.1:9293,127.0.0.1:9294")
                .containsEntry("TILLSTREAM_SCRAM_USERS_FILE", secrets + "kafka/admin/users.properties");
        assertThat(secure.internalBootstrapServers()).isEqualTo("127.0.0.1:9292,127.0.0.1:9293,127.0.0.1:9294");
        for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
            assertThat(secure.node("connect-1").properties()).as(prefix)
                    .containsEntry(prefix + "security.protocol", "SASL_SSL")
                    .containsEntry(prefix + "sasl.jaas.config", "${file:" + secrets + "connect/kafka.properties:sasl.jaas.config}");
        }
        assertThat(secure.connectorConfig("centra-stock-sink"))
                .containsEntry("centra.receipts.kafka.security.protocol", "SASL_SSL")
                .containsEntry("centra.receipts.kafka.ssl.truststore.location", secrets + "connect/kafka-truststore.pem")
                .containsEntry("centra.url", "http://127.0.0.1:8090");
    }

    @Test
    void shouldNameBrokerPropertiesAsTheKafkaImageDoes() {
        assertThat(ClusterPlan.brokerProperty("KAFKA_LISTENER_NAME_CLIENT_SCRAM___SHA___512_SASL_JAAS_CONFIG"))
                .isEqualTo("listener.name.client.scram-sha-512.sasl.jaas.config");
        assertThat(ClusterPlan.brokerProperty("KAFKA_LISTENER_NAME_SASL__SSL_SSL_CLIENT_AUTH"))
                .isEqualTo("listener.name.sasl_ssl.ssl.client.auth");
    }

    @Test
    void shouldMergeAsComposeDoes() {
        Map<String, Object> base = Map.of("environment", Map.of("A", "1", "B", "2"), "volumes", List.of("x:/x"),
                "command", List.of("run", "a"));
        Map<String, Object> override = Map.of("environment", Map.of("B", "3"), "volumes", List.of("y:/y"),
                "command", List.of("run", "b"));
        assertThat(ClusterPlan.merge(base, override))
                .containsEntry("environment", Map.of("A", "1", "B", "3"))
                .containsEntry("volumes", List.of("x:/x", "y:/y"))
                .containsEntry("command", List.of("run", "b"));
    }
}
