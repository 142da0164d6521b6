package io.tillstream.local.corrections;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which sizes still have a correction queued in the Centra sink, read from the sink group's committed
 * offsets on a real broker: what an audit run while an earlier --repair is still being applied must
 * leave alone.
 */
@ExtendWith(KafkaExtension.class)
class CorrectionsTopicIT {

    private static final String TOPIC = Topics.CENTRA_CORRECTIONS.name();
    private static final String GROUP = "connect-centra-stock-sink";

    @Test
    void shouldNameTheSizesWhoseCorrectionsTheSinkHasNotSettled(KafkaCluster kafka) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "corrections-topic-it"),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, 0, "S001|A", new byte[] {1}));
                producer.send(new ProducerRecord<>(TOPIC, 0, "S001|B", new byte[] {1}));
                producer.send(new ProducerRecord<>(TOPIC, 1, "S002|C", new byte[] {1}));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, 1, "S003|ABORTED", new byte[] {1}));
                producer.flush();
                producer.abortTransaction();
            }
            CorrectionsTopic corrections = new CorrectionsTopic(config, null, Clock.systemUTC());

            assertThat(corrections.queued(GROUP)).as("the sink has committed nothing yet")
                    .containsExactlyInAnyOrder("S001|A", "S001|B", "S002|C");

            admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1)))
                    .all().get();
            assertThat(corrections.queued(GROUP)).containsExactlyInAnyOrder("S001|B", "S002|C");

            // partition 1's end is past the aborted record and its marker: committed there, nothing is queued
            long end1 = admin.listOffsets(Map.of(new TopicPartition(TOPIC, 1),
                    OffsetSpec.latest())).all().get()
                    .get(new TopicPartition(TOPIC, 1)).offset();
            admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(2),
                    new TopicPartition(TOPIC, 1), new OffsetAndMetadata(end1))).all().get();
            assertThat(corrections.queued(GROUP)).isEmpty();
        }
    }
}
