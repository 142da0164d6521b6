package io.tillstream.ingest.cluster;

import io.tillstream.registry.client.SchemaRegistryClient;
import java.util.Map;

/**
 * How pos-ingest reaches the cluster: the Kafka client settings (bootstrap servers and the security
 * every Tillstream service takes from {@code TILLSTREAM_KAFKA_*}) and the schema registry client. One
 * for the event logs it writes and the catalogue it follows.
 */
public record ClusterConnection(Map<String, Object> kafka, SchemaRegistryClient registry) {

    public ClusterConnection {
        kafka = Map.copyOf(kafka);
    }
}
