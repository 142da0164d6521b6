package io.tillstream.ingest.eventlog;

import io.tillstream.registry.client.SchemaRegistryException;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializing an event needs the schema registry (its id for the schema). When the registry cannot
 * answer, or refuses the schema, nothing can be appended: the till is told 503 and retries with the
 * same id, as for a broker that does not acknowledge, never 500 with the registry's own words.
 */
final class Registry {

    private static final Logger log = LoggerFactory.getLogger(Registry.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private Registry() {
    }

    static byte[] serialize(Serializer<SpecificRecord> serializer, String topic, SpecificRecord event) {
        try {
            return serializer.serialize(topic, event);
        } catch (SerializationException e) {
            if (e.getCause() instanceof SchemaRegistryException registry && registry.isRetriable()) {
                log.warn("Schema registry unavailable for {}: {}", topic, registry.getMessage());
            } else {
                // a refused schema is a deployment problem (not registered, incompatible): loud, still retriable
                log.error("Could not serialize an event for {}: {}", topic, e.getMessage(), e);
            }
            throw new EventLogUnavailableException("The schema registry could not give the schema of " + topic,
                    RETRY_AFTER, e);
        }
    }
}
