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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
