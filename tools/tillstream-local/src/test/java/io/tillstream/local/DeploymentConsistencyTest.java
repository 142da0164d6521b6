package io.tillstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.centra.simulator.SimulatorConfig;
import io.tillstream.schemas.Topics;
import io.tillstream.service.config.EnvironmentProperties;
import io.tillstream.service.config.KafkaClientEnvironment;
import io.tillstream.service.config.RegistryClientEnvironment;
import io.tillstream.service.streams.StreamsSettings;
import io.tillstream.service.topics.ProvisionTopics;
import io.tillstream.service.topics.RegisterSchemas;
import io.tillstream.service.topics.ServicePrincipals;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps docker-compose.yml and deploy/connect/*.json honest: every variable a service is given
 * must be one the service reads, every connector key must exist in the connector's ConfigDef,
 * and ports and topic names must agree with the code. Docker is not needed to run it.
 */
class DeploymentConsistencyTest {

    private static final Path ROOT = Path.of("../..");
    private static final Set<String> CONNECT_KEYS = Set.of("name", "connector.class", "tasks.max", "topics",
            "topics.regex", "key.converter", "value.converter", "header.converter", "transforms", "predicates");
    private static final List<String> CONNECT_PREFIXES = List.of("errors.", "consumer.override.",
            "producer.override.", "value.converter.", "key.converter.", "transforms.", "predicates.");

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            return (Map<String, Object>) ((Map<String, Object>) new Yaml().load(in)).get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> service = (Map<String, Object>) compose().get(name);
        assertThat(service).as("service %s in docker-compose.yml", name).isNotNull();
        return service;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String name) throws IOException {
        return (Map<String, Object>) service(name).getOrDefault("environment", Map.of());
    }

    @Test
    void shouldOnlyGivePosIngestVariablesItsConfigurationHas() throws IOException {
        Set<String> properties = flatten(new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(ROOT.resolve("services/pos-ingest/src/main/resources/application.yml").toFile()), "");
        for (String name : List.of("pos-ingest-1", "pos-ingest-2")) {
            checkPosIngest(name, properties);
        }
    }

    private void checkPosIngest(String name, Set<String> properties) throws IOException {
        Map<String, Object> env = environment(name);
        assertThat(env).isNotEmpty();
        for (String variable : env.keySet()) {
            if (isClientPassThrough(variable)) {
                continue;
            }
            // Micronaut maps FOO_BAR_BAZ to foo.bar.baz (dashes and dots alike)
            String property = variable.toLowerCase().replace('_', '.');
            assertThat(properties).as("%s must be a property of pos-ingest's application.yml", variable)
                    .contains(property);
        }
        assertThat(port(name)).isEqualTo(env.get("MICRONAUT_SERVER_PORT").toString());
    }

    @Test
    void shouldOnlyGiveStreamsServicesTheVariablesTheyRead() throws IOException {
        for (String name : List.of("stock-projector-1", "stock-projector-2", "reconciliation-1", "reconciliation-2")) {
            Map<String, Object> env = environment(name);
            Set<String> read = new HashSet<>(StreamsSettings.ENVIRONMENT);
            if (name.startsWith("reconciliation")) {
                read.add(io.tillstream.reconciliation.Reconciliation.CONNECT_URL_ENV);
                read.add(io.tillstream.reconciliation.Reconciliation.CONNECT_SINK_ENV);
                read.add(io.tillstream.reconciliation.Reconciliation.SYNC_SLO_ENV);
                read.add(io.tillstream.reconciliation.Reconciliation.PAYOUT_DAYS_ENV);
                read.add(io.tillstream.reconciliation.Reconciliation.DEPOSIT_DAYS_ENV);
                read.addAll(io.tillstream.reconciliation.alerts.AlertSettings.ENVIRONMENT);
            }
            assertThat(read).as("variables of %s", name).containsAll(env.keySet().stream()
                    .filter(v -> !isClientPassThrough(v)).toList());
            assertThat(env).as("%s needs Kafka and the registry", name)
                    .containsKeys(StreamsSettings.BOOTSTRAP_ENV, StreamsSettings.REGISTRY_ENV);
            assertThat(port(name)).isEqualTo(env.get(StreamsSettings.HTTP_PORT_ENV).toString());
        }
    }

    /**
     * TILLSTREAM_KAFKA_* and TILLSTREAM_SCHEMA_REGISTRY_* (other than the URL) are passed through to the
     * clients of every service; mapping them validates the names (an unknown one throws, naming it).
     */
    private static boolean isClientPassThrough(String variable) {
        if (variable.equals(StreamsSettings.REGISTRY_ENV)
                || StreamsSettings.ENVIRONMENT_PREFIXES.stream().noneMatch(variable::startsWith)) {
            return false;
        }
        if (!variable.endsWith(EnvironmentProperties.FILE_SUFFIX)) { // a _FILE names a secret not mounted here
            KafkaClientEnvironment.from(Map.of(variable, "x"), StreamsSettings.BOOTSTRAP_ENV);
            RegistryClientEnvironment.from(Map.of(variable, "x"));
        }
        return true;
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldStartTheSimulatorWithOptionsItKnows() throws IOException {
        List<String> command = new ArrayList<>((List<String>) service("centra-simulator").get("command"));
        Path token = Files.writeString(tmp.resolve("token"), "t");
        command.set(command.indexOf("--token-file") + 1, token.toString());
        SimulatorConfig config = SimulatorConfig.fromArgs(command.toArray(String[]::new));
        assertThat(port("centra-simulator")).isEqualTo(Integer.toString(config.port()));
    }

    @Test
    void shouldCreateConnectorsWhoseEveryKeyTheConnectorDeclares() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(ROOT.resolve("deploy/connect"))) {
            files = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        Set<String> topics = new HashSet<>();
        Topics.ALL.forEach(t -> topics.add(t.name()));
        String init = String.valueOf(service("connect-init").get("command"));
        for (Path file : files) {
            JsonNode json = new ObjectMapper().readTree(file.toFile());
            String name = file.getFileName().toString().replace(".json", "");
            assertThat(init).as("connect-init creates %s", name).contains(name);
            Connector connector = (Connector) Class.forName(json.get("connector.class").asText())
                    .getDeclaredConstructor().newInstance();
            ConfigDef def = connector.config();
            json.fieldNames().forEachRemaining(key -> assertThat(def.configKeys().containsKey(key)
                    || CONNECT_KEYS.contains(key) || CONNECT_PREFIXES.stream().anyMatch(key::startsWith))
                    .as("%s: %s is not a key of %s or of Connect", file.getFileName(), key, connector.getClass().getSimpleName())
                    .isTrue());
            for (String key : List.of("topics", "topic", "errors.deadletterqueue.topic.name")) {
                if (json.has(key)) {
                    assertThat(topics).as("%s: %s", file.getFileName(), key)
                            .contains(json.get(key).asText().split(","));
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldMountThePluginDirectoryWhereTheWorkerLooks() throws IOException {
        Properties worker = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("deploy/connect/connect-distributed.properties"))) {
            worker.load(in);
        }
        for (String name : List.of("connect-1", "connect-2")) {
            List<String> volumes = (List<String>) service(name).get("volumes");
            assertThat(volumes).contains("./services/centra-sink/target/plugin:" + worker.getProperty("plugin.path") + ":ro");
        }
        assertThat(worker.getProperty("value.converter")).isEqualTo(
                io.tillstream.registry.connect.ConfluentAvroConverter.class.getName());
    }

    /**
     * What makes the compose file run unattended: every long-running service restarts and is health-checked
     * (our images by their own Java: they have no shell), state lives in volumes, and whatever uses Kafka
     * waits for the topics (the brokers refuse auto-creation).
     */
    @Test
    @SuppressWarnings("unchecked")
    void shouldRestartCheckAndKeepTheStateOfEveryService() throws IOException {
        Map<String, Object> services = compose();
        for (var entry : services.entrySet()) {
            String name = entry.getKey();
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            String image = String.valueOf(service.get("image"));
            if (service.containsKey("profiles")) {
                assertThat(service.get("profiles")).as("%s runs on demand only", name).isEqualTo(List.of("tools"));
                continue;
            }
            boolean step = name.endsWith("-init");
            assertThat(service.get("restart")).as("%s restart policy", name)
                    .isEqualTo(step ? "on-failure" : "unless-stopped");
            if (!step) {
                assertThat(service).as("%s health check", name).containsKey("healthcheck");
            }
            if (image.startsWith("tillstream/") && !step) {
                assertThat(String.valueOf(service.get("healthcheck"))).as("%s health check", name)
                        .contains("io.tillstream.probe.HttpProbe");
                Map<String, Object> dependsOn = (Map<String, Object>) service.getOrDefault("depends_on", Map.of());
                if (!name.equals("centra-simulator")) {
                    assertThat(dependsOn).as("%s waits for the topics", name).containsKey("topics-init");
                }
            }
            if (name.matches("(pos-ingest|stock-projector|reconciliation|connect)-\\d")) {
                assertThat((Map<String, Object>) service.get("depends_on")).as("%s waits for the deployed schemas", name)
                        .containsKey("schemas-init");
            }
            if (name.matches("kafka-\\d|stock-projector-\\d|reconciliation-\\d|centra-simulator")) {
                assertThat((List<String>) service.get("volumes")).as("%s keeps its state in a volume", name)
                        .anyMatch(v -> v.startsWith(name + ":"));
            }
        }
        assertThat(String.valueOf(((Map<String, Object>) services.get("topics-init")).get("entrypoint")))
                .contains(ProvisionTopics.class.getName());
        assertThat(String.valueOf(((Map<String, Object>) services.get("schemas-init")).get("entrypoint")))
                .contains(RegisterSchemas.class.getName());
    }

    /**
     * Only what people and systems outside the host call is published on the network: the tills' API
     * and the token-protected APIs, and Grafana (its own login). Connect, the registry, the simulator and
     * Prometheus answer without credentials, so they are bound to the host's loopback; brokers are
     * not published at all.
     */
    @Test
    @SuppressWarnings("unchecked")
    void shouldPublishOnlyAuthenticatedSurfacesBeyondTheHost() throws IOException {
        Set<String> beyondHost = new HashSet<>();
        for (var entry : compose().entrySet()) {
            for (Object mapping : (List<Object>) ((Map<String, Object>) entry.getValue()).getOrDefault("ports", List.of())) {
                if (!mapping.toString().startsWith("127.0.0.1:")) {
                    beyondHost.add(entry.getKey().replaceAll("-\\d$", ""));
                }
            }
        }
        assertThat(beyondHost).containsExactlyInAnyOrder("pos-ingest", "stock-projector", "reconciliation", "grafana");
    }

    /**
     * docker-compose.tls.yml only adds to services of docker-compose.yml, with variables the services
     * read (Micronaut's own TLS settings for pos-ingest, HttpTls's for the Streams services), and then
     * probes their health over HTTPS.
     */
    @Test
    @SuppressWarnings("unchecked")
    void shouldTurnOnHttpsWithSettingsTheServicesRead() throws IOException {
        Map<String, Object> tls;
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.tls.yml"))) {
            tls = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(in)).get("services");
        }
        assertThat(tls.keySet()).containsExactlyInAnyOrder("pos-ingest-1", "pos-ingest-2", "stock-projector-1",
                "stock-projector-2", "reconciliation-1", "reconciliation-2");
        Map<String, Object> base = compose();
        for (var entry : tls.entrySet()) {
            assertThat(base).containsKey(entry.getKey());
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            for (String variable : env.keySet()) {
                if (entry.getKey().startsWith("pos-ingest")) {
                    assertThat(variable).as(variable).matches("MICRONAUT_SERVER_SSL_.*|MICRONAUT_CONFIG_FILES"
                            + "|TILLSTREAM_HTTP_TLS_TRUSTSTORE.*");
                } else {
                    assertThat(StreamsSettings.ENVIRONMENT).as(variable).contains(variable);
                }
            }
            assertThat(String.valueOf(((Map<String, Object>) service.get("healthcheck")).get("test")))
                    .contains("https://localhost:");
        }
    }

    /** The container port a service publishes ("[host:]published:container"). */
    @SuppressWarnings("unchecked")
    @Test
    void shouldSecureConnectWithSecurityKeysOnlyAndGrantWhatTheServicesAreNamed() throws IOException {
        Properties plain = properties("deploy/connect/connect-distributed.properties");
        Properties secure = properties("deploy/connect/connect-distributed-secure.properties");
        for (String key : plain.stringPropertyNames()) {
            assertThat(secure.getProperty(key)).as("the secure worker keeps %s", key).isEqualTo(plain.getProperty(key));
        }
        for (String key : secure.stringPropertyNames()) {
            if (!plain.containsKey(key)) {
                assertThat(key.replaceFirst("^(producer|consumer|admin)\\.", ""))
                        .as("the secure worker adds only security keys").matches("security\\.protocol|sasl\\..+|ssl\\..+");
            }
        }
        JsonNode overlay = new ObjectMapper().readTree(ROOT.resolve("deploy/connect/secure/centra-stock-sink.json").toFile());
        Set<String> clientKeys = new HashSet<>(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        clientKeys.addAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        overlay.fieldNames().forEachRemaining(key -> assertThat(key)
                .startsWith(io.tillstream.centra.sink.config.CentraSinkConfig.RECEIPTS_KAFKA_PREFIX)
                .satisfies(k -> assertThat(clientKeys).contains(k.substring(
                        io.tillstream.centra.sink.config.CentraSinkConfig.RECEIPTS_KAFKA_PREFIX.length()))));

        var grants = ServicePrincipals.all();
        assertThat(resources(grants.get("stock-projector"))).contains("GROUP:" + io.tillstream.projector.StockProjector.APPLICATION_ID);
        assertThat(resources(grants.get("reconciliation")))
                .contains("GROUP:" + io.tillstream.reconciliation.Reconciliation.APPLICATION_ID);
        assertThat(resources(grants.get("connect"))).contains("GROUP:" + plain.getProperty("group.id"));
        for (String topic : List.of("config.storage.topic", "offset.storage.topic", "status.storage.topic")) {
            assertThat(plain.getProperty(topic)).as("Connect's own topics are under its granted prefix").startsWith("_connect-");
        }
    }

    private static Set<String> resources(List<org.apache.kafka.common.acl.AclBinding> bindings) {
        Set<String> names = new HashSet<>();
        bindings.forEach(b -> names.add(b.pattern().resourceType() + ":" + b.pattern().name()));
        return names;
    }

    private static Properties properties(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve(file))) {
            p.load(in);
        }
        return p;
    }

    private static String port(String name) throws IOException {
        String[] parts = ((List<String>) service(name).get("ports")).get(0).split(":");
        return parts[parts.length - 1];
    }

    private static Set<String> flatten(JsonNode node, String prefix) {
        Set<String> keys = new HashSet<>();
        node.fields().forEachRemaining(e -> {
            String key = (prefix.isEmpty() ? "" : prefix + ".") + e.getKey().replace('-', '.');
            if (e.getValue().isObject()) {
                keys.addAll(flatten(e.getValue(), key));
            } else {
                keys.add(key);
            }
        });
        return keys;
    }
}
