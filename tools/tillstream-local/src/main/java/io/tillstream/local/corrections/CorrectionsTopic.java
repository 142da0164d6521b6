package io.tillstream.local.corrections;

import io.tillstream.centra.sink.sync.CorrectionRecord;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.StockCorrection;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.Topics;
import io.tillstream.service.audit.AuditTrail;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The tools' side of {@code centra.corrections.v1}: corrections written for the Centra sink, and
 * the sink's receipts for them awaited. The sink applies each once (its description, from
 * {@code auditId}, is read back before every send), so writing one again is harmless.
 */
public final class CorrectionsTopic {

    private final Map<String, Object> kafka;
    private final SchemaRegistryClient registry;
    private final Clock clock;

    public CorrectionsTopic(Map<String, Object> kafka, SchemaRegistryClient registry, Clock clock) {
        this.kafka = kafka;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Appends the corrections and the audit entry of the run that made them ({@code action}: AUDIT_REPAIR,
     * REDRIVE) in one transaction, by the OS user running the command.
     */
    public void write(List<StockCorrection> corrections, String action, String detail) {
        ConfluentAvroSerializer<StockCorrection> values = new ConfluentAvroSerializer<>(registry,
                StockCorrection.getClassSchema());
        String topic = Topics.CENTRA_CORRECTIONS.name();
        try (AuditTrail audit = new AuditTrail(kafka, registry, "tillstream-cli", clock)) {
            audit.commit(corrections.stream().map(c -> new ProducerRecord<>(topic, c.getLocationId() + "|" + c.getSku(),
                            values.serialize(topic, c))).toList(),
                    audit.entry("cli:" + System.getProperty("user.name"), null, action, topic,
                            corrections.size() + " correction(s): " + detail, UUID.randomUUID().toString()));
        }
    }

    /**
     * The sizes ({@code locationId|sku}) with a correction the sink has not settled yet: written after
     * the offset its consumer group committed on {@code centra.corrections.v1}. Connect commits a sink
     * offset only once the task says the record is settled (applied, found applied, or refused to the
     * DLQ), and some seconds later, so a size can show as queued a little longer than it is: an audit
     * that leaves it alone for now is safe, one that corrected it again would double the correction.
     */
    public Set<String> queued(String sinkGroup) throws InterruptedException {
        String topic = Topics.CENTRA_CORRECTIONS.name();
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> queued = new HashSet<>();
        try (Admin admin = Admin.create(config);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(sinkGroup)
                    .partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata from = committed.get(partition);
                consumer.seek(partition, from == null ? 0 : from.offset());
            }
            // Bounded: the end offsets were fixed above; a partition whose records were all
            // transaction markers or aborted reaches its end without a record.
            long deadline = System.currentTimeMillis() + Duration.ofSeconds(30).toMillis();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition())) && r.value() != null) {
                        queued.add(r.key());
                    }
                });
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the Centra sink's offsets (group " + sinkGroup + "): "
                    + e.getCause().getMessage(), e.getCause());
        }
        return queued;
    }

    /** The mutation ids the sink gives these corrections (see {@code CorrectionRecord#description}). */
    public static Set<String> mutationIds(List<StockCorrection> corrections) {
        Set<String> ids = new HashSet<>();
        corrections.forEach(c -> ids.add(CorrectionRecord.description(c.getAuditId(), c.getWarehouseId(), c.getSku())));
        return ids;
    }

    /**
     * Waits until the sink journalled every one of {@code mutationIds}, showing progress on {@code err}.
     *
     * @return how many it saw journalled
     */
    public int awaitJournalled(Set<String> mutationIds, Duration timeout, PrintStream err) {
        int expected = mutationIds.size();
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var deserializer = new ConfluentAvroDeserializer<SyncReceipt>(registry, SyncReceipt.getClassSchema());
        Set<String> journalled = new HashSet<>();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SYNC_RECEIPTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (journalled.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    SyncReceipt receipt = r.value() == null ? null : deserializer.deserialize(r.topic(), r.value());
                    if (receipt != null && mutationIds.contains(receipt.getMutationId())) {
                        journalled.add(receipt.getMutationId());
                    }
                });
                err.print("\rApplied by the Centra sink: " + journalled.size() + "/" + expected);
            }
        }
        err.println();
        return journalled.size();
    }
}
