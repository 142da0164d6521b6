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

/**
 * When Centra confirmed each till event, from the pipeline's own records: the event's stock change
 * (its location × SKU and sequence, {@code stock.changes.v1}) and the sink's first CONFIRMED receipt
 * covering that sequence ({@code centra.sync-receipts.v1}, written once Centra applied the mutation).
 * A short run's receipts are all still there: compaction only cleans rolled segments.
 */
final class CentraConfirmations {

    private CentraConfirmations() {
    }

    /** @return event id → epoch millis at which Centra's change covering it was confirmed */
    static Map<String, Long> read(String bootstrapServers, SchemaRegistryClient registry) {
        Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrapServers);
        Map<String, List<long[]>> confirmations = new HashMap<>(); // key → [sequence, at millis], in log order
        var receipts = new ConfluentAvroDeserializer<SyncReceipt>(registry, SyncReceipt.getClassSchema());
        TopicToEnd.read(kafka, Topics.SYNC_RECEIPTS.name(), r -> {
            SyncReceipt receipt = receipts.deserialize(Topics.SYNC_RECEIPTS.name(), r.value());
            if (receipt != null && receipt.getStatus() == SyncStatus.CONFIRMED) {
                confirmations.computeIfAbsent(receipt.getLocationId() + "|" + receipt.getSku(), k -> new ArrayList<>())
                        .add(new long[] {receipt.getConfirmedSequence(), r.timestamp()});
            }
        });
        Map<String, Long> confirmedAt = new HashMap<>();
        var changes = new ConfluentAvroDeserializer<StockChange>(registry, StockChange.getClassSchema());
        TopicToEnd.read(kafka, Topics.STOCK_CHANGES.name(), r -> {
            StockChange change = changes.deserialize(Topics.STOCK_CHANGES.name(), r.value());
            List<long[]> confirmed = confirmations.getOrDefault(change.getLocationId() + "|" + change.getSku(), List.of());
            confirmed.stream().filter(c -> c[0] >= change.getSequence()).mapToLong(c -> c[1]).min().ifPresent(at ->
                    change.getCauseEventIds().forEach(id -> confirmedAt.merge(id.toString(), at, Math::min)));
        });
        return confirmedAt;
    }
}
