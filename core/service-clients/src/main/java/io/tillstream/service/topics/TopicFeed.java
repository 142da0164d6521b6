package io.tillstream.service.topics;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.schemas.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a small topic from its beginning and keeps following it, on its own thread, handing every
 * committed record (a tombstone as null) to {@code onRecord}; {@code onLoaded} runs once when the
 * records that existed at start have all been read. No consumer group: every instance reads it all.
 *
 * <p>A record whose schema the registry cannot give now (down, 5xx) is retried, never skipped: a
 * skipped token revocation would leave a revoked token working.
 */
public final class TopicFeed<V> implements AutoCloseable {

    /** What a follower is handed: the record's key, its value (null: a tombstone) and where it is in the topic. */
    @FunctionalInterface
    public interface Handler<V> {
        void accept(String key, V value, int partition, long offset);
    }

    private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ConfluentAvroDeserializer<V> values;
    private final String topic;
    private final Handler<V> onRecord;
    private final Runnable onLoaded;
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFeed(Map<String, Object> kafkaClient, SchemaRegistryClient registry, TopicSpec<?> topic,
                     BiConsumer<String, V> onRecord, Runnable onLoaded) {
        this(kafkaClient, registry, topic, (Handler<V>) (key, value, partition, offset) -> onRecord.accept(key, value),
                onLoaded);
    }

    /** The same, handing each record's position too (a follower that serves changes since a position). */
    public TopicFeed(Map<String, Object> kafkaClient, SchemaRegistryClient registry, TopicSpec<?> topic,
                     Handler<V> onRecord, Runnable onLoaded) {
        Map<String, Object> p = new HashMap<>(kafkaClient);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "feed-" + topic.name() + "-" + ProcessHandle.current().pid());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.values = new ConfluentAvroDeserializer<>(registry, topic.valueSchema());
        this.topic = topic.name();
        this.onRecord = onRecord;
        this.onLoaded = onLoaded;
        this.thread = new Thread(this::run, "feed-" + topic.name());
        this.thread.setDaemon(true);
    }

    public TopicFeed<V> start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = waitForPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> loadedAt = consumer.endOffsets(partitions);
            boolean loaded = false;
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        if (!apply(record)) {
                            // the registry could not answer: read this record again after a pause
                            consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                            sleep(RETRY);
                            break;
                        }
                    }
                    if (!loaded && loadedAt.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        loaded = true;
                        onLoaded.run();
                    }
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    // never stop following: a feed that stopped would keep a revoked token working
                    log.warn("Following {} failed ({}); trying again", topic, e.toString());
                    sleep(RETRY);
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (RuntimeException e) {
            log.error("Stopped following {}: {}", topic, e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private List<TopicPartition> waitForPartitions() {
        while (true) {
            var infos = consumer.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            log.warn("Topic {} does not exist yet; waiting for it (the deployment's topics step creates it)", topic);
            sleep(Duration.ofSeconds(5));
        }
    }

    /** @return false when the record should be read again later */
    private boolean apply(ConsumerRecord<String, byte[]> record) {
        V value;
        try {
            value = values.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            if (e.getCause() instanceof SchemaRegistryException registry && registry.isRetriable()) {
                log.warn("Schema registry unavailable while reading {}; retrying: {}", topic, registry.getMessage());
                return false;
            }
            log.error("Skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return true;
        }
        onRecord.accept(record.key(), value, record.partition(), record.offset());
        return true;
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
