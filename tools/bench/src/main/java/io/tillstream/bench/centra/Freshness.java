package io.tillstream.bench.centra;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Freshness: from a movement's event time to the sink's CONFIRMED receipt covering its sequence
 * (written right after Centra answered the mutation). Movements a later one cancelled out need no
 * mutation and are left out; a movement still unconfirmed at the end counts with its age then.
 */
final class Freshness {

    /** One movement sent to the sink: its key, sequence, event time and what it left on hand. */
    record Sent(String key, long sequence, long occurredAt, int delta, int onHandAfter) {
    }

    record Figures(int measured, int atRisk, int netted, int unconfirmed, double p50Ms, double p99Ms,
                   double atRiskP99Ms) {
    }

    private Freshness() {
    }

    static Figures measure(List<Sent> sent, Map<String, NavigableMap<Long, Long>> confirmed, long endMillis,
                           int atRiskUnits) {
        List<Long> all = new ArrayList<>();
        List<Long> atRisk = new ArrayList<>();
        Map<String, Integer> unconfirmedNet = new HashMap<>();
        Map<String, List<Sent>> unconfirmedByKey = new HashMap<>();
        for (Sent s : sent) {
            var covering = confirmed.getOrDefault(s.key(), new TreeMap<>()).ceilingEntry(s.sequence());
            if (covering == null) {
                unconfirmedNet.merge(s.key(), s.delta(), Integer::sum);
                unconfirmedByKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
                continue;
            }
            record(s, covering.getValue() - s.occurredAt(), all, atRisk, atRiskUnits);
        }
        int netted = 0;
        int unconfirmed = 0;
        for (Map.Entry<String, List<Sent>> e : unconfirmedByKey.entrySet()) {
            if (unconfirmedNet.get(e.getKey()) == 0) {
                netted += e.getValue().size(); // Centra already shows the right figure: nothing to push
                continue;
            }
            for (Sent s : e.getValue()) {
                unconfirmed++;
                record(s, endMillis - s.occurredAt(), all, atRisk, atRiskUnits);
            }
        }
        return new Figures(all.size(), atRisk.size(), netted, unconfirmed, percentile(all, 0.50),
                percentile(all, 0.99), percentile(atRisk, 0.99));
    }

    private static void record(Sent s, long freshness, List<Long> all, List<Long> atRisk, int atRiskUnits) {
        all.add(freshness);
        if (s.delta() < 0 && s.onHandAfter() <= atRiskUnits) {
            atRisk.add(freshness);
        }
    }

    static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }

    /** Per {@code location|sku}: confirmed sequence → when it was confirmed, read from the receipt journal. */
    static Map<String, NavigableMap<Long, Long>> confirmed(String bootstrap, String registryUrl, String topic) {
        var values = new ConfluentAvroDeserializer<SyncReceipt>(new SchemaRegistryClient(registryUrl),
                SyncReceipt.getClassSchema());
        Map<String, NavigableMap<Long, Long>> confirmed = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    SyncReceipt receipt = values.deserialize(topic, r.value());
                    if (receipt != null && receipt.getStatus() == SyncStatus.CONFIRMED) {
                        confirmed.computeIfAbsent(receipt.getLocationId() + "|" + receipt.getSku(), k -> new TreeMap<>())
                                .merge(receipt.getConfirmedSequence(), receipt.getAt().toEpochMilli(), Math::min);
                    }
                }
            }
        }
        return confirmed;
    }
}
