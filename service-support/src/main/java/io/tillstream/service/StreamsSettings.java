package io.tillstream.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Where a Kafka Streams service runs and keeps its state.
 *
 * @param host              the address the HTTP API binds to
 * @param advertisedHost    how other instances reach this one (interactive queries' application.server)
 * @param replicationFactor of changelog and internal topics: 1 on one broker, 3 in production
 */
public record StreamsSettings(String bootstrapServers, String registryUrl, Path stateDir, String host, int port,
                              String advertisedHost, String applicationId, int replicationFactor) {

    /** The environment variables a containerised Streams service reads (see docs/deploy.md). */
    public static final String BOOTSTRAP_ENV = "TILLSTREAM_BOOTSTRAP_SERVERS";
    public static final String REGISTRY_ENV = "TILLSTREAM_SCHEMA_REGISTRY_URL";
    public static final String STATE_DIR_ENV = "TILLSTREAM_STATE_DIR";
    public static final String HTTP_PORT_ENV = "TILLSTREAM_HTTP_PORT";
    public static final String ADVERTISED_HOST_ENV = "TILLSTREAM_ADVERTISED_HOST";
    public static final String REPLICATION_FACTOR_ENV = "TILLSTREAM_REPLICATION_FACTOR";
    public static final List<String> ENVIRONMENT = List.of(BOOTSTRAP_ENV, REGISTRY_ENV, STATE_DIR_ENV, HTTP_PORT_ENV,
            ADVERTISED_HOST_ENV, REPLICATION_FACTOR_ENV);

    /** On one local broker, listening on 127.0.0.1. */
    public static StreamsSettings local(String applicationId, String bootstrapServers, String registryUrl,
                                        Path stateDir, int port) {
        return new StreamsSettings(bootstrapServers, registryUrl, stateDir, "127.0.0.1", port, "127.0.0.1",
                applicationId, 1);
    }

    /**
     * In a container: every setting from the environment, the API on all interfaces.
     *
     * @throws IllegalArgumentException naming the missing variable
     */
    public static StreamsSettings fromEnvironment(String applicationId, int defaultPort, Map<String, String> env) {
        int port = Integer.parseInt(env.getOrDefault(HTTP_PORT_ENV, Integer.toString(defaultPort)));
        return new StreamsSettings(required(env, BOOTSTRAP_ENV), required(env, REGISTRY_ENV),
                Path.of(env.getOrDefault(STATE_DIR_ENV, "/var/lib/tillstream")), "0.0.0.0", port,
                env.getOrDefault(ADVERTISED_HOST_ENV, "localhost"), applicationId,
                Integer.parseInt(env.getOrDefault(REPLICATION_FACTOR_ENV, "3")));
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
