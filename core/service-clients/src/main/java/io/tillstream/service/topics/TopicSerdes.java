package io.tillstream.service.topics;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.schemas.TopicSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The serde of each topic's values, built from the topic catalogue: a {@link TopicSpec} carries its
 * value's schema and Java type, so a topology asks for {@code of(Topics.STOCK_CHANGES)} instead of
 * keeping a record of serdes of its own (the projector and reconciliation each had one, and their test
 * drivers built them again). Avro in Confluent's wire format through the given registry; raw bytes for
 * a topic without a schema (the dead-letter queues). One serde per topic, made on first use.
 */
public final class TopicSerdes {

    private final SchemaRegistryClient registry;
    private final Map<String, Serde<?>> made = new ConcurrentHashMap<>();

    public TopicSerdes(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @SuppressWarnings("unchecked") // the spec's type parameter is its schema's Java type (see TopicSpec)
    public <V> Serde<V> of(TopicSpec<V> topic) {
        return (Serde<V>) made.computeIfAbsent(topic.name(), name -> topic.valueSchema() == null
                ? Serdes.ByteArray() : new ConfluentAvroSerde<V>(registry, topic.valueSchema()));
    }
}
