package io.tillstream.service.streams;

import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.service.config.EnvironmentProperties;
import io.tillstream.service.config.HttpTls;
import io.tillstream.service.config.KafkaClientEnvironment;
import io.tillstream.service.config.RegistryClientEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a Kafka Streams service runs and keeps its state.
 *
 * @param host              the address the HTTP API binds to
 * @param advertisedHost    how other instances reach this one (interactive queries' application.server)
 * @param replicationFactor of changelog and internal topics: 1 on one broker, 3 in production
 * @param kafkaClient       what every Kafka client gets besides the bootstrap servers: security (SASL, TLS)
 * @param registryClient    what the registry client gets besides the URL: TLS, basic auth
 * @param httpTls           HTTPS for the API (and to peers); null for plain HTTP
 */
public record StreamsSettings(String bootstrapServers, String registryUrl, Path stateDir, String host, int port,
                              String advertisedHost, String applicationId, int replicationFactor,
                              EnvironmentProperties kafkaClient, EnvironmentProperties registryClient, HttpTls httpTls) {

    private static final Logger log = LoggerFactory.getLogger(StreamsSettings.class);

    /** Plain connections: no client security settings. */
    public StreamsSettings(String bootstrapServers, String registryUrl, Path stateDir, String host, int port,
                           String advertisedHost, String applicationId, int replicationFactor) {
        this(bootstrapServers, registryUrl, stateDir, host, port, advertisedHost, applicationId, replicationFactor,
                EnvironmentProperties.none(), EnvironmentProperties.none(), null);
    }

    /** The environment variables a containerised Streams service reads (see docs/deploy.md). */
    public static final String BOOTSTRAP_ENV = "TILLSTREAM_BOOTSTRAP_SERVERS";
    public static final String REGISTRY_ENV = "TILLSTREAM_SCHEMA_REGISTRY_URL";
    public static final String STATE_DIR_ENV = "TILLSTREAM_STATE_DIR";
    public static final String HTTP_PORT_ENV = "TILLSTREAM_HTTP_PORT";
    /** The interface the API binds: all of them in a container (the default), 127.0.0.1 in ./tillstream cluster. */
    public static final String HTTP_HOST_ENV = "TILLSTREAM_HTTP_HOST";
    public static final String ADVERTISED_HOST_ENV = "TILLSTREAM_ADVERTISED_HOST";
    public static final String REPLICATION_FACTOR_ENV = "TILLSTREAM_REPLICATION_FACTOR";
    public static final List<String> ENVIRONMENT = List.of(BOOTSTRAP_ENV, REGISTRY_ENV, STATE_DIR_ENV, HTTP_PORT_ENV,
            HTTP_HOST_ENV, ADVERTISED_HOST_ENV, REPLICATION_FACTOR_ENV, HttpTls.KEYSTORE_ENV,
            HttpTls.KEYSTORE_PASSWORD_FILE_ENV, HttpTls.TRUSTSTORE_ENV, HttpTls.TRUSTSTORE_PASSWORD_FILE_ENV);
    /** Families of variables passed through to the clients (see {@link KafkaClientEnvironment}, {@link RegistryClientEnvironment}). */
    public static final List<String> ENVIRONMENT_PREFIXES = List.of(KafkaClientEnvironment.PREFIX,
            RegistryClientEnvironment.PREFIX);

    /** The same, serving its API over HTTPS. */
    public StreamsSettings withHttpTls(HttpTls tls) {
        return new StreamsSettings(bootstrapServers, registryUrl, stateDir, host, port, advertisedHost, applicationId,
                replicationFactor, kafkaClient, registryClient, tls);
    }

    /** On one local broker, listening on 127.0.0.1. */
    public static StreamsSettings local(String applicationId, String bootstrapServers, String registryUrl,
                                        Path stateDir, int port) {
        return new StreamsSettings(bootstrapServers, registryUrl, stateDir, "127.0.0.1", port, "127.0.0.1",
                applicationId, 1);
    }

    /**
     * In a container: every setting from the environment, the API on all interfaces.
     *
     * @throws IllegalArgumentException naming the missing or wrong variable
     */
    public static StreamsSettings fromEnvironment(String applicationId, int defaultPort, Map<String, String> env) {
        int port = Integer.parseInt(env.getOrDefault(HTTP_PORT_ENV, Integer.toString(defaultPort)));
        EnvironmentProperties kafkaClient = KafkaClientEnvironment.from(env, BOOTSTRAP_ENV);
        EnvironmentProperties registryClient = RegistryClientEnvironment.from(env);
        // toString() hides passwords and whatever came from a file
        log.info("Kafka client settings from {}*: {}; schema registry: {}", KafkaClientEnvironment.PREFIX,
                kafkaClient, registryClient);
        return new StreamsSettings(required(env, BOOTSTRAP_ENV), required(env, REGISTRY_ENV),
                Path.of(env.getOrDefault(STATE_DIR_ENV, "/var/lib/tillstream")), env.getOrDefault(HTTP_HOST_ENV, "0.0.0.0"),
                port,
                env.getOrDefault(ADVERTISED_HOST_ENV, "localhost"), applicationId,
                Integer.parseInt(env.getOrDefault(REPLICATION_FACTOR_ENV, "3")), kafkaClient, registryClient,
                HttpTls.fromEnvironment(env));
    }

    /** For a producer, consumer or admin client of the service: bootstrap servers and security. */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> p = new HashMap<>(kafkaClient.values());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** For {@code new SchemaRegistryClient(Map)}: the URL, and TLS or basic auth when set. */
    public Map<String, Object> registryClientProperties() {
        Map<String, Object> p = new HashMap<>(registryClient.values());
        p.put(SchemaRegistryClientConfig.URL_CONFIG, registryUrl);
        return p;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Set the environment variable " + name);
        }
        return value;
    }

    /**
     * Exactly-once: state store updates, outputs and input offsets commit atomically, so a crash
     * never counts an event twice. The commit interval bounds how soon read_committed readers see output.
     */
    public Properties streamsProperties(Duration commitInterval) {
        Properties p = new Properties();
        // First, so that none of the settings below (exactly-once among them) can be overridden by them.
        // Streams hands these unprefixed client settings to its producers, consumers and admin client.
        p.putAll(kafkaClient.values());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval.toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + port);
        // Stock flows first: after a crash, a replacement gets the dead instance's tasks within ~10 s
        // rather than the 45 s default, at the cost of more heartbeats.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
        return p;
    }
}
