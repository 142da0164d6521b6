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
 */
final class KafkaSchemaLog implements SchemaLog {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final Map<String, Object> kafkaConfig;
    private final Duration timeout;
    private final KafkaProducer<String, String> producer;

    private KafkaSchemaLog(String topic, Map<String, Object> kafkaConfig, Duration timeout) {
        this.topic = topic;
        this.kafkaConfig = kafkaConfig;
        this.timeout = timeout;
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
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

    /** Reads the topic from the start to the end offset seen on entry, within the timeout. */
    @Override
    public List<StoredSchema> readAll() {
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG); // assign() needs no group
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, StoredSchema> latestByKey = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read schema topic " + topic + " to offset " + end
                            + " within " + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    read(record, latestByKey);
                }
            }
        }
        return new ArrayList<>(latestByKey.values());
    }

    private void read(ConsumerRecord<String, String> record, Map<String, StoredSchema> latestByKey) {
        try {
            JsonNode key = record.key() == null ? null : JSON.readTree(record.key());
            if (key == null || !"SCHEMA".equals(key.path("keytype").asText())) {
                return; // CONFIG, NOOP, … records of a Confluent registry
            }
            String keyId = key.path("subject").asText() + "/" + key.path("version").asInt();
            JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
            if (value == null || value.path("deleted").asBoolean(false)) {
                latestByKey.remove(keyId);
                return;
            }
            if (!"AVRO".equalsIgnoreCase(value.path("schemaType").asText("AVRO"))) {
                log.warn("Skipping {} schema {} in {}: only Avro is served", value.path("schemaType").asText(), keyId,
                        topic);
                return;
            }
            latestByKey.put(keyId, new StoredSchema(value.path("subject").asText(), value.path("version").asInt(),
                    value.path("id").asInt(), value.path("schema").asText()));
        } catch (IOException e) {
            log.warn("Skipping unreadable record at offset {} of {}: {}", record.offset(), topic, e.getMessage());
        }
    }

    @Override
    public void append(StoredSchema schema) {
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
            producer.send(new ProducerRecord<>(topic, 0, JSON.writeValueAsString(key), JSON.writeValueAsString(value)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to schema topic " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("schema topic " + topic + " did not acknowledge within "
                    + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to schema topic " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "topic " + topic;
    }
}
