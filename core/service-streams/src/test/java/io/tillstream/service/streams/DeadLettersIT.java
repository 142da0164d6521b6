package io.tillstream.service.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.service.streams.StreamsSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's Streams settings on a real broker, exactly-once: a record its serde cannot read lands on
 * {@code <topic>.dlq} with its bytes and the error, and the records around it are processed; an
 * unreadable record of a global table's topic is skipped without stopping the application.
 */
class DeadLettersIT {

    @TempDir
    Path tmp;

    @Test
    void shouldDeadLetterAnUnreadableRecordAndProcessTheOthers() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
            StreamsSettings settings = StreamsSettings.local("dead-letters-it", kafka.bootstrapServers(),
                    "http://127.0.0.1:1", tmp, 0);
            try (Admin admin = Admin.create(settings.kafkaClientProperties())) {
                admin.createTopics(List.of(new NewTopic("counts", 1, (short) 1), new NewTopic("counts.dlq", 1, (short) 1),
                        new NewTopic("doubled", 1, (short) 1), new NewTopic("factors", 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            try (var producer = new KafkaProducer<>(settings.kafkaClientProperties(), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("counts", bytes("S001"), ByteBuffer.allocate(4).putInt(1).array()));
                // three bytes are no int: IntegerDeserializer throws
                producer.send(new ProducerRecord<>("counts", bytes("S002"), new byte[] {7, 7, 7}));
                producer.send(new ProducerRecord<>("counts", bytes("S003"), ByteBuffer.allocate(4).putInt(3).array()));
            }
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("counts", Consumed.with(Serdes.String(), Serdes.Integer()))
                    .mapValues(v -> v * 2)
                    .to("doubled", Produced.with(Serdes.String(), Serdes.Integer()));
            builder.globalTable("factors", Consumed.with(Serdes.String(), Serdes.Integer()),
                    Materialized.as(Stores.inMemoryKeyValueStore("factors")));
            Topology topology = builder.build();

            try (KafkaStreams streams = new KafkaStreams(topology, DeadLetters.configure(
                    settings.streamsProperties(Duration.ofMillis(100)), topology, List.of("counts")))) {
                streams.start();
                List<ConsumerRecord<byte[], byte[]>> doubled = read(kafka, "doubled", 2);
                List<ConsumerRecord<byte[], byte[]>> dead = read(kafka, "counts.dlq", 1);

                assertThat(doubled).extracting(r -> ByteBuffer.wrap(r.value()).getInt()).containsExactly(2, 6);
                assertThat(dead).hasSize(1);
                ConsumerRecord<byte[], byte[]> letter = dead.get(0);
                assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("S002");
                assertThat(letter.value()).containsExactly(7, 7, 7);
                assertThat(header(letter, DeadLetters.TOPIC_HEADER)).isEqualTo("counts");
                assertThat(header(letter, DeadLetters.OFFSET_HEADER)).isEqualTo("1");
                assertThat(header(letter, DeadLetters.MESSAGE_HEADER)).contains("IntegerDeserializer");
                assertThat(header(letter, DeadLetters.APPLICATION_HEADER)).isEqualTo("dead-letters-it");
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);

                // A global table's records are read by a thread that cannot write a dead letter: once running
                // (a record there before start is restored as raw bytes, unread), a bad one is skipped.
                try (var producer = new KafkaProducer<>(settings.kafkaClientProperties(), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>("factors", bytes("bad"), new byte[] {1}));
                    producer.send(new ProducerRecord<>("factors", bytes("good"), ByteBuffer.allocate(4).putInt(2).array()));
                }
                ReadOnlyKeyValueStore<String, Integer> factors = streams.store(StoreQueryParameters.fromNameAndType(
                        "factors", QueryableStoreTypes.keyValueStore()));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (factors.get("good") == null && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(factors.get("good")).as("the global table read past the bad record").isEqualTo(2);
                assertThat(factors.get("bad")).isNull();
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }

    /** Committed records of a topic, until {@code expected} arrived or 60 s passed. */
    private static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafka kafka, String topic, int expected) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // a moment more: anything beyond what was expected would be a duplicate
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
