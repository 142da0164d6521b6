package io.tillstream.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Where a Kafka Streams service runs and keeps its state.
 *
 * @param replicationFactor of changelog and internal topics: 1 on one broker, 3 in production
 */
public record StreamsSettings(String bootstrapServers, String registryUrl, Path stateDir, String host, int port,
                              String applicationId, int replicationFactor) {

    /** On one local broker, listening on 127.0.0.1. */
    public static StreamsSettings local(String applicationId, String bootstrapServers, String registryUrl,
                                        Path stateDir, int port) {
        return new StreamsSettings(bootstrapServers, registryUrl, stateDir, "127.0.0.1", port, applicationId, 1);
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
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host + ":" + port);
        // Stock flows first: after a crash, a replacement gets the dead instance's tasks within ~10 s
        // rather than the 45 s default, at the cost of more heartbeats.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
        return p;
    }
}
