package io.tillstream.testkit;

/** A real Kafka broker a test can talk to; injected by {@link KafkaExtension}. */
public interface KafkaCluster {

    String bootstrapServers();

    /** How the broker runs: "testcontainers (apache/kafka:…)" or "in-process KRaft". */
    String kind();
}
