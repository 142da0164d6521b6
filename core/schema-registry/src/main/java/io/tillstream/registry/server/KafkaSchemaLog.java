package io.tillstream.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps registrations in a compacted, single-partition Kafka topic, one record per subject version,
 * in the layout of Confluent's own {@code _schemas} topic (JSON key {@code {"keytype":"SCHEMA",
 * "subject", "version", "magic":1}}, JSON value {@code {"subject", "version", "id", "schema",
 * "deleted"}}). The key holds subject and version, so compaction never drops a version.
 *
 * <p>Several registries may share the topic. Writes go through one transactional id for the topic:
 * {@link #claimWriter()} initialises it, which fences the registry that held it before and completes
 * (commits or aborts) whatever that one had in flight; the claimer then reads the topic to its end
 * (read_committed), so it decides the next id and version knowing every earlier registration, and its
 * commit fails if yet another registry claimed the topic meanwhile. Confluent's registry elects a
 * leader for the same purpose; Kafka's producer fencing gives the same guarantee without one, at the
 * cost of a round of fencing when two registries write alternately, which schema writes are rare
 * enough to afford.
 */
final class KafkaSchemaLog implements SchemaLog {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final TopicPartition partition;
    private final Map<String, Object> kafkaConfig;
    private final Duration timeout;
    private final KafkaConsumer<String, String> reader;
    /** Where the next {@link #readNew} starts: after the last record handed out by a call that completed. */
    private long nextOffset;
    private KafkaProducer<String, String> writer; // null while this registry does not hold the claim

    private KafkaSchemaLog(String topic, Map<String, Object> kafkaConfig, Duration timeout) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.kafkaConfig = kafkaConfig;
        this.timeout = timeout;
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG); // assign() needs no group
        this.reader = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
        reader.assign(List.of(partition));
    }

    /**
     * Creates the topic if missing (1 partition, compacted).
     *
     * @param replicationFactor for a new topic; -1 for min(3, brokers)
     */
    static KafkaSchemaLog open(Map<String, Object> kafkaConfig, String topic, short replicationFactor,
                               Duration timeout) {
        try (Admin admin = Admin.create(kafkaConfig)) {
            createIfMissing(admin, topic, replicationFactor, timeout);
        }
        return new KafkaSchemaLog(topic, Map.copyOf(kafkaConfig), timeout);
    }

    private static void createIfMissing(Admin admin, String topic, short replicationFactor, Duration timeout) {
        long ms = timeout.toMillis();
        try {
            if (admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS).contains(topic)) {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(ms, TimeUnit.MILLISECONDS).get(topic);
                if (description.partitions().size() != 1) {
                    throw new IllegalStateException("Schema topic " + topic + " has " + description.partitions().size()
                            + " partitions; it needs exactly 1 to keep registrations in order");
                }
                return;
            }
            short rf = replicationFactor > 0 ? replicationFactor
                    : (short) Math.min(3, admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).size());
            NewTopic newTopic = new NewTopic(topic, 1, rf).configs(Map.of("cleanup.policy", "compact"));
            admin.createTopics(List.of(newTopic)).all().get(ms, TimeUnit.MILLISECONDS);
            log.info("Created schema topic {} (1 partition, compacted, replication factor {})", topic, rf);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create schema topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
            // created concurrently: fine
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + ms + " ms while preparing schema topic "
                    + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing schema topic " + topic, e);
        }
    }

    @Override
    public synchronized List<StoredSchema> readNew(Duration bound) {
        // A call that failed part-way handed nothing out, though the consumer moved on: read those again,
        // or a registration it saw would be missing from the registry's memory (and its id handed out twice).
        reader.seek(partition, nextOffset);
        List<StoredSchema> records = new ArrayList<>();
        long deadline = System.nanoTime() + bound.toNanos();
        // read_committed: the end is the last stable offset, so an open write of another registry is not waited for
        long end = reader.endOffsets(List.of(partition), bound).get(partition);
        while (reader.position(partition, bound) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read schema topic " + topic + " to offset " + end
                        + " within " + bound.toMillis() + " ms");
            }
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                read(record).ifPresent(records::add);
            }
        }
        nextOffset = reader.position(partition, bound);
        return records;
    }

    private Optional<StoredSchema> read(ConsumerRecord<String, String> record) {
        try {
            JsonNode key = record.key() == null ? null : JSON.readTree(record.key());
            if (key == null || !"SCHEMA".equals(key.path("keytype").asText())) {
                return Optional.empty(); // CONFIG, NOOP, … records of a Confluent registry
            }
            String subject = key.path("subject").asText();
            int version = key.path("version").asInt();
            JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
            if (value == null || value.path("deleted").asBoolean(false)) {
                return Optional.of(StoredSchema.deleted(subject, version));
            }
            if (!"AVRO".equalsIgnoreCase(value.path("schemaType").asText("AVRO"))) {
                log.warn("Skipping {} schema {}/{} in {}: only Avro is served", value.path("schemaType").asText(),
                        subject, version, topic);
                return Optional.empty();
            }
            return Optional.of(new StoredSchema(value.path("subject").asText(), value.path("version").asInt(),
                    value.path("id").asInt(), value.path("schema").asText()));
        } catch (IOException e) {
            log.warn("Skipping unreadable record at offset {} of {}: {}", record.offset(), topic, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public synchronized void claimWriter() {
        if (writer != null) {
            return;
        }
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tillstream-schema-registry:" + topic);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        try {
            producer.initTransactions(); // fences the previous holder and completes its open transaction
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException("could not claim schema topic " + topic + " for writing: "
                    + e.getMessage(), e);
        }
        writer = producer;
    }

    @Override
    public synchronized void append(StoredSchema schema) {
        if (writer == null) {
            throw new IllegalStateException("claimWriter() first");
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keytype", "SCHEMA");
        key.put("subject", schema.subject());
        key.put("version", schema.version());
        key.put("magic", 1);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("subject", schema.subject());
        value.put("version", schema.version());
        value.put("id", schema.id());
        value.put("schema", schema.schema());
        value.put("deleted", false);
        try {
            writer.beginTransaction();
            writer.send(new ProducerRecord<>(topic, 0, JSON.writeValueAsString(key), JSON.writeValueAsString(value)));
            writer.commitTransaction(); // flushes; fails if another registry claimed the topic meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // Fenced by another registry (nothing written), or timed out or failed (whether it committed is
            // unknown): dropping the writer means the next claim completes it either way, and the registry
            // reads the outcome before deciding again.
            dropWriter();
            throw new IllegalStateException("schema topic " + topic + " did not acknowledge the registration: "
                    + e.getMessage(), e);
        }
    }

    private void dropWriter() {
        writer.close(Duration.ZERO);
        writer = null;
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            writer.close(Duration.ofSeconds(5));
        }
        reader.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "topic " + topic;
    }
}
