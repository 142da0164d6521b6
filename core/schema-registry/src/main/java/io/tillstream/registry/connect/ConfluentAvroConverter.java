package io.tillstream.registry.connect;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.registry.serde.TopicNameStrategy;
import io.tillstream.registry.serde.WireFormat;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Connect converter for Avro in Confluent's wire format, speaking to any Confluent-API registry:
 * {@code value.converter=io.tillstream.registry.connect.ConfluentAvroConverter} and
 * {@code value.converter.schema.registry.url=http://…}.
 *
 * <p>{@link #toConnectData} decodes with the writer schema fetched by id and returns a Struct whose
 * schema is translated as {@link AvroToConnect} describes. A top-level union of records (one topic
 * carrying several types) yields, per record, the Struct and schema of the branch present, so a
 * sink tells the types apart by {@code schema.name()}. {@link #fromConnectData} translates back
 * ({@link ConnectToAvro}) and registers the result under {@code <topic>-value}/{@code -key}; it writes
 * one record schema, so a subject holding a union cannot be written through it.
 */
public class ConfluentAvroConverter implements Converter {

    private SchemaRegistryClient client;
    private boolean isKey;
    private final Map<BranchKey, Schema> connectSchemas = new ConcurrentHashMap<>();
    private final Map<Schema, org.apache.avro.Schema> avroSchemas = new ConcurrentHashMap<>();

    /** A writer schema id and the branch taken if it is a union (-1 otherwise). */
    private record BranchKey(int schemaId, int branch) {
    }

    public ConfluentAvroConverter() {
    }

    /** For tests and embedding: a converter using {@code client}. */
    public ConfluentAvroConverter(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public ConfigDef config() {
        return SchemaRegistryClientConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (client == null) {
            client = new SchemaRegistryClient(configs);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        int id;
        org.apache.avro.Schema writer;
        Object datum;
        try {
            id = WireFormat.schemaId(topic, value);
            writer = client.getById(id);
            datum = new GenericDatumReader<>(writer, writer, GenericData.get()).read(null, WireFormat.payload(value));
        } catch (SchemaRegistryException e) {
            throw unreadable(topic, e);
        } catch (SerializationException e) {
            throw new DataException("Cannot read a record of topic '" + topic + "': " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new DataException("Cannot decode the Avro payload of a record of topic '" + topic + "': " + e, e);
        }
        if (datum == null) {
            return SchemaAndValue.NULL;
        }
        org.apache.avro.Schema avro = writer;
        int branch = -1;
        if (writer.getType() == org.apache.avro.Schema.Type.UNION && !isNullableUnion(writer)) {
            branch = GenericData.get().resolveUnion(writer, datum);
            avro = writer.getTypes().get(branch);
        }
        Schema connect = connectSchema(topic, id, branch, avro);
        return new SchemaAndValue(connect, AvroToConnect.value(avro, connect, datum));
    }

    /**
     * A registry that could not answer (unreachable, 429, 5xx) says nothing about the record: Connect
     * retries a {@link RetriableException} (with {@code errors.retry.timeout=-1}, until the registry
     * is back) where a {@link DataException} would send a valid record to the dead letter queue.
     */
    private static RuntimeException unreadable(String topic, SchemaRegistryException e) {
        String message = "Cannot read a record of topic '" + topic + "': " + e.getMessage();
        return e.isRetriable() ? new RetriableException(message, e) : new DataException(message, e);
    }

    private Schema connectSchema(String topic, int id, int branch, org.apache.avro.Schema avro) {
        BranchKey key = new BranchKey(id, branch);
        Schema cached = connectSchemas.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            Schema connect = AvroToConnect.schema(avro);
            connectSchemas.putIfAbsent(key, connect);
            return connect;
        } catch (DataException e) {
            throw new DataException("Schema id " + id + " of topic '" + topic + "' cannot be converted: "
                    + e.getMessage(), e);
        }
    }

    private static boolean isNullableUnion(org.apache.avro.Schema union) {
        return union.getTypes().stream().filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).count() == 1;
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("ConfluentAvroConverter needs a schema for records of topic '" + topic
                    + "' (schemaless data cannot be written as Avro)");
        }
        org.apache.avro.Schema avro = avroSchemas.computeIfAbsent(schema, ConnectToAvro::schema);
        String subject = TopicNameStrategy.subject(topic, isKey);
        int id;
        try {
            id = client.register(subject, avro);
        } catch (SchemaRegistryException e) {
            String message = "Could not register the schema of topic '" + topic + "' under subject '" + subject
                    + "': " + e.getMessage();
            throw e.isRetriable() ? new RetriableException(message, e) : new DataException(message, e);
        }
        try {
            Object datum = ConnectToAvro.value(avro, schema, value);
            return WireFormat.write(id, new GenericDatumWriter<>(avro, GenericData.get()), datum);
        } catch (IOException | RuntimeException e) {
            throw new DataException("Could not write a record of topic '" + topic + "' as Avro " + avro.getFullName()
                    + ": " + e, e);
        }
    }
}
