package io.tillstream.local.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its start to the end offsets it had when the read began, read_committed
 * (an aborted write is not the pipeline's) and without a consumer group: the tools that look at a
 * running pipeline commit nothing and move nobody's offsets.
 */
public final class TopicToEnd {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private TopicToEnd() {
    }

    /**
     * @param each told every record with a value, in partition order
     * @return per partition, the end offset it read to
     */
    public static Map<Integer, Long> read(Map<String, Object> kafka, String topic,
                                          Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
                        each.accept(r);
                    }
                }
            }
            Map<Integer, Long> read = new TreeMap<>();
            end.forEach((tp, offset) -> read.put(tp.partition(), offset));
            return read;
        }
    }
}
