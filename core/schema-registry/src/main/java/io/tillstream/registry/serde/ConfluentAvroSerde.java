package io.tillstream.registry.serde;

import io.tillstream.registry.client.SchemaRegistryClient;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer} as one Serde, sharing one
 * registry client. For Streams: {@code default.value.serde=io.tillstream.registry.serde.ConfluentAvroSerde}
 * plus {@code schema.registry.url} and {@code tillstream.avro.value.type}, or programmatically
 * {@code ConfluentAvroSerde.forType(client, StockChange.class)}.
 */
public class ConfluentAvroSerde<T> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;
    private final boolean hasClient;

    /** For instantiation by class name; {@link #configure} must follow. */
    public ConfluentAvroSerde() {
        this.serializer = new ConfluentAvroSerializer<>();
        this.deserializer = new ConfluentAvroDeserializer<>();
        this.hasClient = false;
    }

    /** Writes with and reads into {@code schema} (a record, or a union of records). */
    public ConfluentAvroSerde(SchemaRegistryClient client, Schema schema) {
        this(client, schema, false);
    }

    public ConfluentAvroSerde(SchemaRegistryClient client, Schema schema, boolean isKey) {
        this.serializer = new ConfluentAvroSerializer<>(client, schema, isKey);
        this.deserializer = new ConfluentAvroDeserializer<>(client, schema);
        this.hasClient = true;
    }

    /** A value serde for one generated class. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forType(SchemaRegistryClient client, Class<T> type) {
        return new ConfluentAvroSerde<>(client, SpecificModels.schemaOf(List.of(type)));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryClient client = hasClient ? null : new SchemaRegistryClient(configs);
        serializer.configure(configs, isKey, client);
        deserializer.configure(configs, isKey, client);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
