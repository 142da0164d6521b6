package io.tillstream.schemas;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * One topic of the pipeline: its name travels together with its shape, so producers, Streams
 * topologies, the Connect plugins and the provisioner cannot disagree about it.
 *
 * @param name          topic name
 * @param partitions    partition count in production; the provisioner may lower it for one broker
 * @param cleanupPolicy {@code delete}, {@code compact} or {@code compact,delete}
 * @param retention     how long records are kept; {@code null} means forever
 * @param keyDescription what the UTF-8 string key holds, for operators and the README
 * @param valueSchema   the Avro schema of the value (registered as {@code <name>-value}); {@code null} for raw bytes
 * @param <V>           what a value is in Java: the generated class, {@code SpecificRecord} for a union of
 *                      several, {@code byte[]} for raw bytes; {@code TopicSerdes} builds the serde from it
 */
public record TopicSpec<V>(String name, int partitions, String cleanupPolicy, Duration retention,
                        String keyDescription, Schema valueSchema) {

    public static final String DELETE = "delete";
    public static final String COMPACT = "compact";

    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive for " + name);
        }
    }

    /** The subject this topic's value schema is registered under (Confluent's TopicNameStrategy). */
    public String valueSubject() {
        return name + "-value";
    }

    public boolean compacted() {
        return cleanupPolicy.contains(COMPACT);
    }

    /** Broker-side topic configuration. */
    public Map<String, String> configs() {
        long retentionMs = retention == null ? -1L : retention.toMillis();
        if (compacted() && !cleanupPolicy.contains(DELETE)) {
            return Map.of("cleanup.policy", cleanupPolicy);
        }
        return Map.of("cleanup.policy", cleanupPolicy, "retention.ms", Long.toString(retentionMs));
    }
}
