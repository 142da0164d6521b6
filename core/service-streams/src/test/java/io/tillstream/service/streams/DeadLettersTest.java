package io.tillstream.service.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.registry.serde.WireFormatException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final long SOURCE_TIME = 1_764_000_000_000L;
    private final DeadLetters handler = new DeadLetters();

    DeadLettersTest() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "tillstream-stock-projector",
                DeadLetters.TOPICS_CONFIG, "pos.transactions.v1,stock.adjustments.v1",
                DeadLetters.GLOBAL_TOPICS_CONFIG, "stock.policies.v1"));
    }

    @Test
    void shouldSendTheOriginalBytesToTheSourcesDeadLetterTopicAndGoOn() {
        RecordHeaders original = new RecordHeaders();
        original.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> record = record("pos.transactions.v1", original);

        Response response = handler.handleError(null, record, new SerializationException("Unknown magic byte!"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("pos.transactions.v1.dlq");
        assertThat(dead.key()).isEqualTo(record.key());
        assertThat(dead.value()).isEqualTo(record.value());
        assertThat(dead.timestamp()).as("stamped when set aside, so the DLQ keeps it 30 days from then").isNull();
        assertThat(header(dead, DeadLetters.TIMESTAMP_HEADER)).isEqualTo(Long.toString(SOURCE_TIME));
        assertThat(header(dead, "trace")).isEqualTo("t-1");
        assertThat(header(dead, DeadLetters.EXCEPTION_HEADER)).isEqualTo(SerializationException.class.getName());
        assertThat(header(dead, DeadLetters.MESSAGE_HEADER)).isEqualTo("Unknown magic byte!");
        assertThat(header(dead, DeadLetters.TOPIC_HEADER)).isEqualTo("pos.transactions.v1");
        assertThat(header(dead, DeadLetters.PARTITION_HEADER)).isEqualTo("2");
        assertThat(header(dead, DeadLetters.OFFSET_HEADER)).isEqualTo("41");
        assertThat(header(dead, DeadLetters.APPLICATION_HEADER)).isEqualTo("tillstream-stock-projector");
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("UNREADABLE");
        assertThat(record.headers().toArray()).as("the consumed record is left as it was").hasSize(1);
    }

    @Test
    void shouldLeaveOutAMessageTheErrorDoesNotHave() {
        ProducerRecord<byte[], byte[]> dead = handler.handleError(null, record("stock.adjustments.v1", new RecordHeaders()),
                new SerializationException()).deadLetterQueueRecords().get(0);

        assertThat(dead.headers().lastHeader(DeadLetters.MESSAGE_HEADER)).isNull();
        assertThat(header(dead, DeadLetters.EXCEPTION_HEADER)).isEqualTo(SerializationException.class.getName());
    }

    @Test
    void shouldReadARecordAgainRatherThanSetItAsideWhenTheRegistryIsAway() {
        SerializationException unreachable = new SerializationException("Could not fetch schema id 7",
                new SchemaRegistryException("Could not reach the schema registry", new ConnectException()));

        Response response = handler.handleError(null, record("pos.transactions.v1", new RecordHeaders()), unreachable);

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldSetAsideARecordWhoseSchemaTheRegistryDoesNotHave() {
        SerializationException unknownId = new SerializationException("Could not fetch schema id 7",
                new SchemaRegistryException("not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND));

        Response response = handler.handleError(null, record("pos.transactions.v1", new RecordHeaders()), unknownId);

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement()
                .satisfies(dead -> assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("SCHEMA_UNKNOWN"));
    }

    @Test
    void shouldNameARecordNotInTheRegistrysWireFormat() {
        Response response = handler.handleError(null, record("pos.transactions.v1", new RecordHeaders()),
                new WireFormatException("starts with byte 1, not the magic byte 0"));

        assertThat(response.deadLetterQueueRecords()).singleElement()
                .satisfies(dead -> assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("NOT_AVRO"));
    }

    @Test
    void shouldSkipAGlobalTablesRecordWithoutADeadLetter() {
        Response response = handler.handleError(null, record("stock.policies.v1", new RecordHeaders()),
                new SerializationException("corrupt"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldFailOnARecordOfATopicWithoutDeadLetters() {
        Response response = handler.handleError(null,
                record("tillstream-stock-projector-levels-by-sku-repartition", new RecordHeaders()),
                new SerializationException("corrupt"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, RecordHeaders headers) {
        return new ConsumerRecord<>(topic, 2, 41, SOURCE_TIME, TimestampType.CREATE_TIME, 4, 3,
                "S001".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, headers, Optional.empty());
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
