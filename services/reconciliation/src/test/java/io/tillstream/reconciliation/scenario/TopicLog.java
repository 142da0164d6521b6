package io.tillstream.reconciliation.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record written to an output topic since the pipeline started, in order: a compacted topic's
 * view shows only the latest state, but a scenario must see each transition (OPEN, then RESOLVED;
 * version 1, then version 2). Reads committed records only, as any downstream reader of the
 * exactly-once app does.
 */
final class TopicLog<V> implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    TopicLog(String bootstrapServers, String topic, Deserializer<V> values) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: resolve the positions now, so records written from here on are all seen
        partitions.forEach(consumer::position);
    }

    /** The first record (in the order written) that matches, polling until the deadline. */
    synchronized Optional<ConsumerRecord<String, V>> await(Predicate<ConsumerRecord<String, V>> match,
                                                           Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<ConsumerRecord<String, V>> found = seen.stream().filter(match).findFirst();
            if (found.isPresent() || Instant.now().isAfter(deadline)) {
                return found;
            }
            consumer.poll(POLL).forEach(seen::add);
        }
    }

    /** Every record that matches among those written until {@code timeout} from now. */
    synchronized List<ConsumerRecord<String, V>> collect(Predicate<ConsumerRecord<String, V>> match,
                                                        Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(POLL).forEach(seen::add);
        }
        return seen.stream().filter(match).toList();
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
