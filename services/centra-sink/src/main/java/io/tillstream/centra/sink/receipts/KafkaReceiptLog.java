package io.tillstream.centra.sink.receipts;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/** The receipt journal on Kafka: keyed {@code warehouseId|sku}, compacted, Avro SyncReceipt values. */
public final class KafkaReceiptLog implements ReceiptLog {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Map<String, Object> kafka;
    private final SchemaRegistryClient registry;
    private final KafkaProducer<String, SyncReceipt> producer;
    private final Clock clock;
    /** Per {@code location|sku}, the highest sequence journalled as confirmed or refused: stamped on intents. */
    private final Map<String, Long> settled = new HashMap<>();

    public KafkaReceiptLog(String bootstrapServers, String registryUrl, String topic, Clock clock) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Map.of(SchemaRegistryClientConfig.URL_CONFIG, registryUrl), topic, clock);
    }

    /**
     * @param kafka    bootstrap servers and whatever a secured cluster needs (SASL, TLS): the journal is
     *                 exactly-once's memory, so it must reach the cluster the way the worker does
     * @param registryClient the registry URL and its TLS or basic-auth settings
     */
    public KafkaReceiptLog(Map<String, Object> kafka, Map<String, Object> registryClient, String topic, Clock clock) {
        this.topic = topic;
        this.clock = clock;
        this.kafka = Map.copyOf(kafka);
        this.registry = new SchemaRegistryClient(registryClient);
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Every write is waited for before the sink goes on: lingering for a batch only adds latency.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "centra-sink-receipts");
        this.producer = new KafkaProducer<>(config, new StringSerializer(),
                new ConfluentAvroSerializer<>(registry, SyncReceipt.getClassSchema()));
    }

    @Override
    public Recovered recover() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var deserializer = new ConfluentAvroDeserializer<SyncReceipt>(registry, SyncReceipt.getClassSchema());
        Map<String, SyncReceipt> latest = new HashMap<>();
        Map<String, Instant> sent = new HashMap<>();
        // Not only the latest receipt's: a key whose latest receipt is a PENDING intent that Centra
        // never applied still has every earlier confirmed sequence in Centra.
        Map<String, Long> confirmed = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = clock.millis() + RECOVERY_TIMEOUT.toMillis();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (clock.millis() > deadline) {
                    throw new RetriableException("Could not read " + topic + " to its end within " + RECOVERY_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    SyncReceipt receipt = deserializer.deserialize(topic, r.value());
                    if (receipt != null) {
                        String key = receipt.getLocationId() + "|" + receipt.getSku();
                        latest.put(key, receipt);
                        if (receipt.getStatus() == SyncStatus.PENDING) {
                            sent.putIfAbsent(receipt.getMutationId(), receipt.getAt());
                            if (receipt.getSettledSequence() != null) {
                                confirmed.merge(key, receipt.getSettledSequence(), Math::max);
                            }
                        } else {
                            confirmed.merge(key, receipt.getConfirmedSequence(), Math::max);
                        }
                    }
                }
            }
        }
        Map<String, List<Part>> pending = new LinkedHashMap<>();
        List<Part> refused = new ArrayList<>();
        latest.forEach((key, r) -> {
            Part part = new Part(r.getLocationId(), r.getSku(), r.getWarehouseId(), r.getConfirmedSequence(),
                    r.getDelta(), r.getLedgerOnHand() == null ? 0 : r.getLedgerOnHand(), r.getCentraPhysicalBefore());
            if (r.getStatus() == SyncStatus.PENDING) {
                pending.computeIfAbsent(r.getMutationId(), id -> new ArrayList<>()).add(part);
            } else {
                if (r.getStatus() == SyncStatus.FAILED && r.getLedgerOnHand() != null) {
                    refused.add(part);
                }
            }
        });
        settled.putAll(confirmed);
        return new Recovered(confirmed, pending, List.copyOf(sent.values()), refused);
    }

    @Override
    public void intent(String mutationId, List<Part> parts) {
        write(mutationId, null, parts, SyncStatus.PENDING, null);
    }

    @Override
    public void confirmed(String mutationId, String centraStockChangeId, List<Part> parts) {
        write(mutationId, centraStockChangeId, parts, SyncStatus.CONFIRMED, null);
    }

    @Override
    public void failed(String mutationId, List<Part> parts, String reason) {
        write(mutationId, null, parts, SyncStatus.FAILED, reason);
    }

    /** Waits for the broker: an intent that is not durable must not be followed by a mutation. */
    private void write(String mutationId, String centraId, List<Part> parts, SyncStatus status, String error) {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (Part p : parts) {
            SyncReceipt receipt = SyncReceipt.newBuilder()
                    .setWarehouseId(p.warehouseId()).setSku(p.sku()).setLocationId(p.locationId())
                    .setConfirmedSequence(p.sequence()).setDelta(p.delta()).setMutationId(mutationId)
                    .setCentraStockChangeId(centraId).setStatus(status).setError(error).setAt(clock.instant())
                    .setLedgerOnHand(p.ledgerOnHand())
                    .setCentraPhysicalBefore(p.centraBefore())
                    .setSettledSequence(status == SyncStatus.PENDING ? settled.get(p.key()) : null)
                    .build();
            acks.add(producer.send(new ProducerRecord<>(topic, p.warehouseId() + "|" + p.sku(), receipt)));
        }
        try {
            for (var ack : acks) {
                ack.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (status != SyncStatus.PENDING) {
                parts.forEach(p -> settled.merge(p.key(), p.sequence(), Math::max));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new RetriableException("Could not write receipts of " + mutationId + " to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted writing receipts of " + mutationId, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
