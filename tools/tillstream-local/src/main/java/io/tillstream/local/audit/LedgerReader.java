package io.tillstream.local.audit;

import io.tillstream.local.kafka.TopicToEnd;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.centra.sink.sync.CorrectionRecord;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockCorrection;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.schemas.Topics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/** Reads the pipeline's side of the audit from Kafka, each topic to its end as the read began (see {@link TopicToEnd}). */
final class LedgerReader {

    /** The ledger per {@code locationId|sku}, and per topic the end offsets it was read to. */
    record Snapshot(Map<String, LedgerState> ledger, Map<String, Map<Integer, Long>> offsets) {
    }

    private final Map<String, Object> kafka;
    private final SchemaRegistryClient registry;

    LedgerReader(Map<String, Object> kafka, SchemaRegistryClient registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    Snapshot read() {
        Map<String, Map<Integer, Long>> offsets = new LinkedHashMap<>();
        Map<String, SyncReceipt> settled = new HashMap<>();
        java.util.Set<String> journalled = new java.util.HashSet<>();
        offsets.put(Topics.SYNC_RECEIPTS.name(), readAll(Topics.SYNC_RECEIPTS.name(), SyncReceipt.getClassSchema(),
                (SyncReceipt r) -> {
                    if (r.getStatus() == SyncStatus.CONFIRMED) {
                        journalled.add(r.getMutationId());
                    }
                    if (r.getStatus() != SyncStatus.PENDING) {
                        settled.merge(r.getLocationId() + "|" + r.getSku(), r, (a, b) ->
                                b.getConfirmedSequence() >= a.getConfirmedSequence() ? b : a);
                    }
                }));
        // A correction the sink has not journalled yet (queued, or waiting for budget or a token): an
        // audit that judged its size now would write the same correction again under its own id.
        java.util.Set<String> correcting = new java.util.HashSet<>();
        offsets.put(Topics.CENTRA_CORRECTIONS.name(), readAll(Topics.CENTRA_CORRECTIONS.name(),
                StockCorrection.getClassSchema(), (StockCorrection c) -> {
                    if (!journalled.contains(CorrectionRecord.description(c.getAuditId(), c.getWarehouseId(),
                            c.getSku()))) {
                        correcting.add(c.getLocationId() + "|" + c.getSku());
                    }
                }));
        Map<String, StockChange> latest = new HashMap<>();
        Map<String, List<String>> causes = new HashMap<>();
        offsets.put(Topics.STOCK_CHANGES.name(), readAll(Topics.STOCK_CHANGES.name(), StockChange.getClassSchema(),
                (StockChange c) -> {
                    String key = c.getLocationId() + "|" + c.getSku();
                    latest.merge(key, c, (a, b) -> b.getSequence() >= a.getSequence() ? b : a);
                    SyncReceipt receipt = settled.get(key);
                    if (receipt != null && receipt.getConfirmedSequence() == c.getSequence()) {
                        causes.put(key, List.copyOf(c.getCauseEventIds()));
                    }
                }));
        Map<String, StockLevel> levels = new HashMap<>();
        offsets.put(Topics.STOCK_LEVELS.name(), readAll(Topics.STOCK_LEVELS.name(), StockLevel.getClassSchema(),
                (StockLevel l) -> levels.put(l.getLocationId() + "|" + l.getSku(), l)));

        Map<String, LedgerState> ledger = new HashMap<>();
        java.util.Set<String> keys = new java.util.HashSet<>(levels.keySet());
        keys.addAll(latest.keySet());
        keys.addAll(settled.keySet());
        keys.addAll(correcting);
        for (String key : keys) {
            StockLevel level = levels.get(key);
            StockChange change = latest.get(key);
            SyncReceipt receipt = settled.get(key);
            String location = key.substring(0, key.indexOf('|'));
            // The latest change's on-hand, not the level's: the levels are read after the changes,
            // and a level newer than every change read would look like drift while it is in flight.
            Integer onHand = change != null ? Integer.valueOf(change.getOnHandAfter())
                    : level == null ? null : level.getOnHand();
            ledger.put(key, new LedgerState(location, key.substring(location.length() + 1),
                    onHand, change == null ? 0 : change.getSequence(),
                    receipt == null ? 0 : receipt.getConfirmedSequence(),
                    receipt == null ? null : receipt.getMutationId(), causes.get(key), correcting.contains(key)));
        }
        return new Snapshot(ledger, offsets);
    }

    /** @return the end offsets it read to, per partition */
    private <T> Map<Integer, Long> readAll(String topic, Schema schema, Consumer<T> each) {
        var deserializer = new ConfluentAvroDeserializer<T>(registry, schema);
        return TopicToEnd.read(kafka, topic, r -> {
            T value = deserializer.deserialize(topic, r.value());
            if (value != null) {
                each.accept(value);
            }
        });
    }
}
