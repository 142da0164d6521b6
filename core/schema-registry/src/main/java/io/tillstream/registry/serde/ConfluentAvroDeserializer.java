package io.tillstream.registry.serde;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro with schema resolution: the writer schema is fetched from the
 * registry by the id in each record, the reader schema is the application's, so data written by
 * older producers is read into the current generated classes (added fields take their defaults).
 *
 * <p>Programmatic: {@code new ConfluentAvroDeserializer<>(client, StockChange.getClassSchema())}. By class
 * name: {@code value.deserializer=io.tillstream.registry.serde.ConfluentAvroDeserializer} with
 * {@code schema.registry.url} and {@code tillstream.avro.value.type}. Without a reader schema, records
 * come back as GenericRecords in their writer schema. Null is read as null.
 *
 * <p>The generated classes of the reader schema are made trusted for Avro 1.12's class check here,
 * so {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES} is not needed (see {@code TrustedAvroClasses}).
 */
public class ConfluentAvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient client;
    private Schema readerSchema; // null: generic, reader = writer
    private SpecificData data;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's instantiation by class name; {@link #configure} must follow. */
    public ConfluentAvroDeserializer() {
    }

    /** Reads into {@code readerSchema}'s generated classes (a record, or a union of records). */
    public ConfluentAvroDeserializer(SchemaRegistryClient client, Schema readerSchema) {
        this.client = client;
        this.readerSchema = readerSchema;
        this.data = readerSchema == null ? null
                : SpecificModels.forSchema(readerSchema, SpecificModels.defaultLoader());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(configs, isKey, null);
    }

    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient shared) {
        if (client == null) {
            client = shared != null ? shared : new SchemaRegistryClient(configs);
        }
        if (readerSchema == null) {
            readerSchema = new ConfluentAvroSerdeConfig(configs).schema(isKey);
            data = readerSchema == null ? null
                    : SpecificModels.forSchema(readerSchema, SpecificModels.defaultLoader());
        }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("ConfluentAvroDeserializer used before configure(): no schema registry");
        }
        int id = WireFormat.schemaId(topic, bytes);
        DatumReader<T> reader = reader(topic, id);
        try {
            return reader.read(null, WireFormat.payload(bytes));
        } catch (IOException | RuntimeException e) {
            String into = readerSchema == null ? "" : " into " + ConfluentAvroSerializer.describe(readerSchema);
            throw new SerializationException("Could not decode a record from topic '" + topic
                    + "' written with schema id " + id + into + ": " + e, e);
        }
    }

    private DatumReader<T> reader(String topic, int id) {
        DatumReader<T> reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Could not fetch schema id " + id + " for a record from topic '" + topic
                    + "': " + e.getMessage(), e);
        }
        reader = readerSchema == null
                ? new GenericDatumReader<>(writer, writer, GenericData.get())
                : new SpecificDatumReader<>(writer, readerSchema, data);
        readers.putIfAbsent(id, reader);
        return reader;
    }
}
