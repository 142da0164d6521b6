package io.tillstream.registry.serde;

import static io.tillstream.registry.Samples.posTransaction;
import static io.tillstream.registry.Samples.stockAdjustment;
import static io.tillstream.registry.Samples.stockChange;
import static io.tillstream.registry.Samples.stocktake;
import static io.tillstream.registry.Samples.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.tillstream.registry.Schemas;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serdes against an in-memory registry over real HTTP (no broker needed). */
class ConfluentAvroSerdeTest {

    private static final Schema ADJUSTMENTS = Topics.STOCK_ADJUSTMENTS.valueSchema();

    private static EmbeddedSchemaRegistry registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.startInMemory(0);
        client = new SchemaRegistryClient(registry.url().toString());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldWriteConfluentWireFormat() throws Exception {
        String topic = unique("changes");
        StockChange change = stockChange(1);

        byte[] bytes = new ConfluentAvroSerializer<StockChange>(client, StockChange.getClassSchema())
                .serialize(topic, change);

        // Given the registry's id for <topic>-value, the bytes are 0, the id big-endian, then plain Avro binary.
        int id = client.lookup(topic + "-value", StockChange.getClassSchema()).orElseThrow();
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(avroBinary(change));
        assertThat(client.getById(id)).isEqualTo(StockChange.getClassSchema());
    }

    @Test
    void shouldRegisterKeysUnderTheKeySubject() {
        String topic = unique("keyed");

        new ConfluentAvroSerializer<StockChange>(client, StockChange.getClassSchema(), true)
                .serialize(topic, stockChange(1));

        assertThat(client.subjects()).contains(topic + "-key").doesNotContain(topic + "-value");
    }

    @Test
    void shouldRoundTripDecimalTimestampAndDateFields() {
        String topic = unique("pos");
        ConfluentAvroSerde<PosTransaction> serde = ConfluentAvroSerde.forType(client, PosTransaction.class);
        PosTransaction tx = posTransaction("tx-1");

        PosTransaction read = serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, tx));

        assertThat(read).isEqualTo(tx);
        TransactionLine line = read.getLines().get(1);
        assertThat(line.getTax()).isEqualByComparingTo("123456789012.3456");
        assertThat(line.getUnitPrice().scale()).isEqualTo(4);
        assertThat(read.getOccurredAt()).isEqualTo(tx.getOccurredAt());
        assertThat(read.getBusinessDate()).isEqualTo(tx.getBusinessDate());
    }

    @Test
    void shouldRoundTripBothTypesOfAUnionTopic() {
        String topic = unique("adjustments");
        ConfluentAvroSerde<SpecificRecord> serde = new ConfluentAvroSerde<>(client, ADJUSTMENTS);

        SpecificRecord adjustment = serde.deserializer().deserialize(topic,
                serde.serializer().serialize(topic, stockAdjustment()));
        SpecificRecord stocktake = serde.deserializer().deserialize(topic,
                serde.serializer().serialize(topic, stocktake()));

        assertThat(adjustment).isInstanceOf(StockAdjustment.class).isEqualTo(stockAdjustment());
        assertThat(stocktake).isInstanceOf(Stocktake.class).isEqualTo(stocktake());
        assertThat(client.getById(client.lookup(topic + "-value", ADJUSTMENTS).orElseThrow())).isEqualTo(ADJUSTMENTS);
    }

    @Test
    void shouldReadDataWrittenWithAnOlderSchemaIntoTheCurrentClass() {
        String topic = unique("pos-evolution");
        Schema before = Schemas.without(PosTransaction.getClassSchema(), "voidsTransactionId");
        PosTransaction tx = posTransaction("tx-old");
        tx.setVoidsTransactionId("tx-0"); // an old producer has no such field: it is not written

        // An old producer: its schema (v1) lacks the optional field, then the current one registers v2.
        byte[] old = new ConfluentAvroSerializer<PosTransaction>(client, before).serialize(topic, tx);
        byte[] current = new ConfluentAvroSerializer<PosTransaction>(client, PosTransaction.getClassSchema())
                .serialize(topic, posTransaction("tx-new"));
        ConfluentAvroDeserializer<PosTransaction> reader =
                new ConfluentAvroDeserializer<>(client, PosTransaction.getClassSchema());

        assertThat(ByteBuffer.wrap(old, 1, 4).getInt()).isNotEqualTo(ByteBuffer.wrap(current, 1, 4).getInt());
        PosTransaction fromOld = reader.deserialize(topic, old);
        assertThat(fromOld.getVoidsTransactionId()).as("the default of the added field").isNull();
        assertThat(fromOld.getLines()).isEqualTo(tx.getLines());
        assertThat(fromOld.getBusinessDate()).isEqualTo(tx.getBusinessDate());
        assertThat(reader.deserialize(topic, current)).isEqualTo(posTransaction("tx-new"));
    }

    @Test
    void shouldConfigureByClassNameAsKafkaDoes() {
        String topic = unique("by-name");
        Map<String, Object> config = Map.of("schema.registry.url", registry.url().toString(),
                ConfluentAvroSerdeConfig.VALUE_TYPE_CONFIG, StockAdjustment.class.getName() + ", "
                        + Stocktake.class.getName());
        ConfluentAvroSerializer<Object> serializer = new ConfluentAvroSerializer<>();
        serializer.configure(config, false);
        ConfluentAvroDeserializer<Object> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.configure(config, false);

        assertThat(deserializer.deserialize(topic, serializer.serialize(topic, stocktake()))).isEqualTo(stocktake());
        assertThat(client.lookup(topic + "-value", ADJUSTMENTS)).as("registered as the union").isPresent();
    }

    @Test
    void shouldReturnGenericRecordsWithoutAReaderType() {
        String topic = unique("generic");
        byte[] bytes = new ConfluentAvroSerializer<StockChange>(client, StockChange.getClassSchema())
                .serialize(topic, stockChange(3));
        ConfluentAvroDeserializer<GenericRecord> generic = new ConfluentAvroDeserializer<>();
        generic.configure(Map.of("schema.registry.url", registry.url().toString()), false);

        GenericRecord record = generic.deserialize(topic, bytes);

        assertThat(record.getSchema().getFullName()).isEqualTo(StockChange.getClassSchema().getFullName());
        assertThat(record.get("sequence")).isEqualTo(3L);
    }

    @Test
    void shouldMapNullToNullBothWays() {
        ConfluentAvroSerde<StockChange> serde = ConfluentAvroSerde.forType(client, StockChange.class);

        assertThat(serde.serializer().serialize("tombstones", null)).isNull();
        assertThat(serde.deserializer().deserialize("tombstones", null)).isNull();
    }

    @Test
    void shouldThrowSerializationExceptionForMalformedBytes() {
        ConfluentAvroDeserializer<StockChange> deserializer =
                new ConfluentAvroDeserializer<>(client, StockChange.getClassSchema());

        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> deserializer.deserialize("stock.changes.v1", "{\"sku\":1}".getBytes()))
                .withMessageContaining("stock.changes.v1").withMessageContaining("magic byte");
        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> deserializer.deserialize("stock.changes.v1", new byte[] {0, 0}))
                .withMessageContaining("stock.changes.v1").withMessageContaining("too short");
        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> deserializer.deserialize("stock.changes.v1", new byte[] {0, 0x7f, 0, 0, 1, 2}))
                .withMessageContaining("stock.changes.v1").withMessageContaining("schema id 2130706433")
                .withCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void shouldThrowSerializationExceptionForTruncatedPayload() {
        String topic = unique("truncated");
        byte[] bytes = new ConfluentAvroSerializer<StockChange>(client, StockChange.getClassSchema())
                .serialize(topic, stockChange(1));

        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> new ConfluentAvroDeserializer<StockChange>(client, StockChange.getClassSchema())
                        .deserialize(topic, Arrays.copyOf(bytes, 12)))
                .withMessageContaining(topic);
    }

    @Test
    void shouldRejectRecordsOfAnotherTypeNamingTheTopic() {
        ConfluentAvroSerializer<Object> serializer =
                new ConfluentAvroSerializer<>(client, StockChange.getClassSchema());

        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> serializer.serialize("stock.changes.v1", stocktake()))
                .withMessageContaining("stock.changes.v1").withMessageContaining(Stocktake.class.getName());
    }

    @Test
    void shouldSurfaceAnIncompatibleSchemaAsSerializationException() {
        String topic = unique("incompatible");
        new ConfluentAvroSerializer<StockChange>(client, StockChange.getClassSchema()).serialize(topic, stockChange(1));
        Schema incompatible = Schemas.withRequiredInt(StockChange.getClassSchema(), "shelf");

        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> new ConfluentAvroSerializer<Object>(client, incompatible)
                        .serialize(topic, stockChange(2)))
                .withMessageContaining(topic + "-value")
                .havingCause().isInstanceOf(SchemaRegistryException.class)
                .extracting(e -> ((SchemaRegistryException) e).status()).isEqualTo(409);
    }

    @Test
    void shouldOnlyLookUpWhenAutoRegistrationIsOff() {
        String topic = unique("no-auto");
        ConfluentAvroSerializer<StockChange> serializer =
                new ConfluentAvroSerializer<>(client, StockChange.getClassSchema());
        serializer.configure(Map.of(ConfluentAvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false"), false);

        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> serializer.serialize(topic, stockChange(1)))
                .withMessageContaining("not registered under subject '" + topic + "-value'");
        client.register(topic + "-value", StockChange.getClassSchema());
        assertThat(serializer.serialize(topic, stockChange(1))).isNotEmpty();
    }

    @Test
    void shouldTrustItsReaderClassesWithoutTheSystemProperty() {
        // This module's surefire/failsafe deliberately leave org.apache.avro.SERIALIZABLE_PACKAGES unset.
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();

        new ConfluentAvroDeserializer<PosTransaction>(client, PosTransaction.getClassSchema());

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(PosTransaction.class)).isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(TransactionLine.class)).isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(java.io.File.class)).isFalse();
    }

    private static byte[] avroBinary(StockChange change) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(StockChange.class).write(change, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
