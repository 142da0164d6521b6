package io.tillstream.registry.connect;

import static io.tillstream.registry.Samples.posTransaction;
import static io.tillstream.registry.Samples.stockAdjustment;
import static io.tillstream.registry.Samples.stocktake;
import static io.tillstream.registry.Samples.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.Topics;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConfluentAvroConverterTest {

    private static EmbeddedSchemaRegistry registry;
    private static SchemaRegistryClient client;
    private static ConfluentAvroConverter converter;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.startInMemory(0);
        client = new SchemaRegistryClient(registry.url().toString());
        converter = new ConfluentAvroConverter();
        converter.configure(Map.of("schema.registry.url", registry.url().toString()), false);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldConvertToAStructWithDecimalTimestampAndDate() {
        String topic = unique("pos");
        PosTransaction tx = posTransaction("tx-1");
        byte[] bytes = ConfluentAvroSerde.forType(client, PosTransaction.class).serializer().serialize(topic, tx);

        SchemaAndValue data = converter.toConnectData(topic, bytes);

        Schema schema = data.schema();
        assertThat(schema.type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(schema.name()).isEqualTo("io.tillstream.schemas.PosTransaction");
        assertThat(schema.field("occurredAt").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(schema.field("businessDate").schema().name()).isEqualTo(Date.LOGICAL_NAME);
        assertThat(schema.field("voidsTransactionId").schema().isOptional()).isTrue();
        assertThat(schema.field("type").schema().type()).isEqualTo(Schema.Type.STRING);
        Schema unitPrice = schema.field("lines").schema().valueSchema().field("unitPrice").schema();
        assertThat(unitPrice.name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(unitPrice.parameters()).containsEntry(Decimal.SCALE_FIELD, "4");

        Struct struct = (Struct) data.value();
        struct.validate();
        assertThat(struct.getString("transactionId")).isEqualTo("tx-1");
        assertThat(struct.getString("type")).isEqualTo("RETURN");
        assertThat(struct.get("occurredAt")).isEqualTo(java.util.Date.from(tx.getOccurredAt()));
        assertThat(struct.get("businessDate")).isEqualTo(java.util.Date.from(
                tx.getBusinessDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        assertThat(struct.get("voidsTransactionId")).isNull();
        List<Struct> lines = struct.getArray("lines");
        assertThat(lines).hasSize(2);
        assertThat((BigDecimal) lines.get(0).get("unitPrice")).isEqualTo(new BigDecimal("199.9000"));
        assertThat((BigDecimal) lines.get(1).get("tax")).isEqualTo(new BigDecimal("123456789012.3456"));
        assertThat(lines.get(0).get("returnDisposition")).isNull();
        assertThat(lines.get(1).getString("returnDisposition")).isEqualTo("RESTOCK");
        List<Struct> tenders = struct.getArray("tenders");
        assertThat((BigDecimal) tenders.get(0).get("amount")).isEqualTo(new BigDecimal("-379.8000"));
        assertThat(tenders.get(1).get("reference")).isNull();
    }

    @Test
    void shouldGiveEachRecordOfAUnionTopicTheSchemaOfItsType() {
        String topic = unique("adjustments");
        ConfluentAvroSerializer<SpecificRecord> serializer =
                new ConfluentAvroSerializer<>(client, Topics.STOCK_ADJUSTMENTS.valueSchema());

        SchemaAndValue adjustment = converter.toConnectData(topic, serializer.serialize(topic, stockAdjustment()));
        SchemaAndValue stocktake = converter.toConnectData(topic, serializer.serialize(topic, stocktake()));

        assertThat(adjustment.schema().name()).isEqualTo(StockAdjustment.class.getName());
        assertThat(((Struct) adjustment.value()).getString("reason")).isEqualTo("RECEIVED");
        assertThat(stocktake.schema().name()).isEqualTo(Stocktake.class.getName());
        Struct count = ((Struct) stocktake.value()).<Struct>getArray("counts").get(0);
        assertThat(count.getInt32("quantity")).isEqualTo(40);
    }

    @Test
    void shouldWriteStructsBackReadableByTheGeneratedClass() {
        String topic = unique("pos-back");
        PosTransaction tx = posTransaction("tx-2");
        tx.setVoidsTransactionId("tx-1");
        SchemaAndValue data = converter.toConnectData(topic,
                ConfluentAvroSerde.forType(client, PosTransaction.class).serializer().serialize(topic, tx));

        byte[] written = converter.fromConnectData(topic, data.schema(), data.value());

        PosTransaction read = new ConfluentAvroDeserializer<PosTransaction>(client, PosTransaction.getClassSchema())
                .deserialize(topic, written);
        assertThat(read).isEqualTo(tx);
        assertThat(client.subjects()).contains(topic + "-value");
    }

    @Test
    void shouldRejectUnionsOfSeveralTypesInsideARecordNamingTheField() {
        String topic = unique("unions");
        org.apache.avro.Schema schema = SchemaBuilder.record("io.tillstream.test.Mixed").fields()
                .name("either").type().unionOf().intType().and().stringType().endUnion().noDefault()
                .endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("either", "text");
        // No writer schema configured: the serializer takes each record's own.
        byte[] bytes = new ConfluentAvroSerializer<GenericRecord>(client, null).serialize(topic, record);

        assertThatExceptionOfType(DataException.class)
                .isThrownBy(() -> converter.toConnectData(topic, bytes))
                .withMessageContaining("io.tillstream.test.Mixed.either")
                .withMessageContaining("2 non-null branches");
    }

    @Test
    void shouldBeDiscoverableByServiceLoader() {
        // Workers with plugin.discovery=service_load (as tillstream-local runs) only see manifested plugins.
        assertThat(ServiceLoader.load(Converter.class).stream().map(ServiceLoader.Provider::type))
                .contains(ConfluentAvroConverter.class);
    }

    @Test
    void shouldMapNullToNull() {
        assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(converter.fromConnectData("t", null, null)).isNull();
    }

    @Test
    void shouldThrowDataExceptionForMalformedBytes() {
        assertThatExceptionOfType(DataException.class)
                .isThrownBy(() -> converter.toConnectData("stock.changes.v1", new byte[] {42, 0, 0, 0, 1}))
                .withMessageContaining("stock.changes.v1").withMessageContaining("magic byte");
    }

    @Test
    void shouldAskConnectToRetryWhenTheRegistryCannotAnswerAndDeadLetterOnlyWhatItRefuses() throws Exception {
        String topic = unique("outage");
        byte[] bytes = ConfluentAvroSerde.forType(client, PosTransaction.class).serializer()
                .serialize(topic, posTransaction("tx-3"));
        int unusedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unusedPort = socket.getLocalPort();
        }
        ConfluentAvroConverter cold = new ConfluentAvroConverter();
        cold.configure(Map.of("schema.registry.url", "http://127.0.0.1:" + unusedPort), false);

        assertThatExceptionOfType(org.apache.kafka.connect.errors.RetriableException.class)
                .as("nothing answered: not a reason to set the record aside")
                .isThrownBy(() -> cold.toConnectData(topic, bytes)).withMessageContaining(topic);

        byte[] unknownId = bytes.clone();
        unknownId[1] = 0x7f; // an id far beyond any the registry gave: it answers 404
        assertThatExceptionOfType(DataException.class).as("the registry answered: no such schema")
                .isThrownBy(() -> converter.toConnectData(topic, unknownId))
                .isNotInstanceOf(org.apache.kafka.connect.errors.RetriableException.class);
    }

    @Test
    void shouldRejectSchemalessData() {
        assertThatExceptionOfType(DataException.class)
                .isThrownBy(() -> converter.fromConnectData("t", null, Map.of("a", 1)))
                .withMessageContaining("needs a schema");
    }
}
