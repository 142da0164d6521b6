package io.tillstream.registry.serde;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in Confluent's wire format, registering the writer schema under
 * {@code <topic>-value} (or {@code -key}) on first use per topic.
 *
 * <p>Programmatic: {@code new ConfluentAvroSerializer<>(client, StockChange.getClassSchema())}. By class
 * name: {@code value.serializer=io.tillstream.registry.serde.ConfluentAvroSerializer} with
 * {@code schema.registry.url} and {@code tillstream.avro.value.type}. The writer schema may be a union
 * of records when one topic carries several types. Null is written as null (a tombstone).
 */
public class ConfluentAvroSerializer<T> implements Serializer<T> {

    private SchemaRegistryClient client;
    private Schema writerSchema; // null: each record's own schema
    private boolean isKey;
    private boolean autoRegister = true;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** For Kafka's instantiation by class name; {@link #configure} must follow. */
    public ConfluentAvroSerializer() {
    }

    /** A value serializer writing with {@code writerSchema} (a record, or a union of records). */
    public ConfluentAvroSerializer(SchemaRegistryClient client, Schema writerSchema) {
        this(client, writerSchema, false);
    }

    public ConfluentAvroSerializer(SchemaRegistryClient client, Schema writerSchema, boolean isKey) {
        this.client = client;
        this.writerSchema = writerSchema;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(configs, isKey, null);
    }

    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient shared) {
        this.isKey = isKey;
        ConfluentAvroSerdeConfig config = new ConfluentAvroSerdeConfig(configs);
        if (client == null) {
            client = shared != null ? shared : new SchemaRegistryClient(configs);
        }
        if (writerSchema == null) {
            writerSchema = config.schema(isKey);
        }
        autoRegister = config.autoRegisterSchemas();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("ConfluentAvroSerializer used before configure(): no schema registry");
        }
        Schema schema = writerSchema != null ? writerSchema : schemaOf(topic, data);
        int id = schemaId(topic, schema);
        try {
            return WireFormat.write(id, writer(schema), data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not serialize a " + data.getClass().getName() + " for topic '"
                    + topic + "' with schema " + describe(schema) + ": " + e.getMessage(), e);
        }
    }

    private int schemaId(String topic, Schema schema) {
        String subject = TopicNameStrategy.subject(topic, isKey);
        try {
            if (autoRegister) {
                return client.register(subject, schema); // cached by (subject, schema) after the first call
            }
            return client.lookup(subject, schema).orElseThrow(() -> new SerializationException("Schema "
                    + describe(schema) + " is not registered under subject '" + subject + "' (topic '" + topic
                    + "') and auto.register.schemas is false"));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Could not register schema " + describe(schema) + " under subject '"
                    + subject + "' for topic '" + topic + "': " + e.getMessage(), e);
        }
    }

    private DatumWriter<Object> writer(Schema schema) {
        DatumWriter<Object> writer = writers.get(schema);
        if (writer == null) {
            writer = new SpecificDatumWriter<>(schema,
                    SpecificModels.forSchema(schema, SpecificModels.defaultLoader()));
            writers.putIfAbsent(schema, writer);
        }
        return writer;
    }

    private static Schema schemaOf(String topic, Object data) {
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        }
        throw new SerializationException("Cannot serialize a " + data.getClass().getName() + " for topic '" + topic
                + "': not an Avro record, and no writer schema is configured");
    }

    static String describe(Schema schema) {
        return schema.getType() == Schema.Type.UNION ? schema.getTypes().stream().map(Schema::getFullName).toList()
                .toString() : schema.getFullName();
    }
}
