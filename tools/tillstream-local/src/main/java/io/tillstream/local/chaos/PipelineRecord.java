package io.tillstream.local.chaos;

import io.tillstream.local.kafka.TopicToEnd;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the pipeline itself recorded, read once to the end: every stock change ({@code stock.changes.v1},
 * read_committed) with its sequence and the events it applied, and the sink's receipts
 * ({@code centra.sync-receipts.v1}, written once Centra applied a mutation). A short run's receipts are
 * all still there: compaction only cleans rolled segments.
 *
 * @param sequences   per location × SKU, the change sequences seen
 * @param repeats     changes whose location × SKU and sequence were seen before
 * @param applied     per event id, how many changes name it as their cause
 * @param confirmedAt per event id, when Centra's change covering it was confirmed (epoch millis)
 */
record PipelineRecord(Map<String, TreeSet<Long>> sequences, List<String> repeats, Map<String, Integer> applied,
                      Map<String, Long> confirmedAt) {

    static PipelineRecord read(Map<String, Object> kafka, SchemaRegistryClient registry) {
        Map<String, List<long[]>> confirmations = new HashMap<>(); // key → [sequence, at millis]
        var receipts = new ConfluentAvroDeserializer<SyncReceipt>(registry, SyncReceipt.getClassSchema());
        TopicToEnd.read(kafka, Topics.SYNC_RECEIPTS.name(), r -> {
            SyncReceipt receipt = receipts.deserialize(Topics.SYNC_RECEIPTS.name(), r.value());
            if (receipt != null && receipt.getStatus() == SyncStatus.CONFIRMED) {
                confirmations.computeIfAbsent(receipt.getLocationId() + "|" + receipt.getSku(), k -> new ArrayList<>())
                        .add(new long[] {receipt.getConfirmedSequence(), r.timestamp()});
            }
        });
        Map<String, TreeSet<Long>> sequences = new TreeMap<>();
        List<String> repeats = new ArrayList<>();
        Map<String, Integer> applied = new HashMap<>();
        Map<String, Long> confirmedAt = new HashMap<>();
        var changes = new ConfluentAvroDeserializer<StockChange>(registry, StockChange.getClassSchema());
        TopicToEnd.read(kafka, Topics.STOCK_CHANGES.name(), r -> {
            StockChange change = changes.deserialize(Topics.STOCK_CHANGES.name(), r.value());
            String key = change.getLocationId() + "|" + change.getSku();
            if (!sequences.computeIfAbsent(key, k -> new TreeSet<>()).add(change.getSequence())) {
                repeats.add(key + "#" + change.getSequence());
            }
            change.getCauseEventIds().forEach(id -> applied.merge(id.toString(), 1, Integer::sum));
            // the first confirmation (in time) of a sequence at or past this change's
            confirmations.getOrDefault(key, List.of()).stream().filter(c -> c[0] >= change.getSequence())
                    .mapToLong(c -> c[1]).min().ifPresent(at -> change.getCauseEventIds()
                            .forEach(id -> confirmedAt.merge(id.toString(), at, Math::min)));
        });
        return new PipelineRecord(sequences, repeats, applied, confirmedAt);
    }

    /** Keys whose sequences are not exactly 1..n: a gap is a lost change. */
    List<String> gaps() {
        List<String> gaps = new ArrayList<>();
        sequences.forEach((key, seen) -> {
            if (seen.first() != 1 || seen.last() != seen.size()) {
                gaps.add(key + " has " + seen.size() + " changes numbered " + seen.first() + ".." + seen.last());
            }
        });
        return gaps;
    }
}
