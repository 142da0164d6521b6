package io.tillstream.reconciliation.finance;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicFeed;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every instance's copy of the payout lines and deposit slips ({@code payments.settlements.v1}), the latest
 * per store, day and provider (a re-uploaded line replaces the earlier one, as the matching does), for
 * the journal: the matching itself runs in the topology, per store on the instance that owns it.
 */
public final class SettlementBook implements Settlements, AutoCloseable {

    private final Map<String, Settlement> byKey = new ConcurrentHashMap<>();
    private final TopicFeed<Settlement> feed;
    private volatile boolean loaded;

    private SettlementBook(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        this.feed = new TopicFeed<>(kafkaClient, registry, Topics.SETTLEMENTS, (key, settlement) -> {
            if (settlement == null) {
                byKey.remove(key);
            } else {
                byKey.put(key, settlement);
            }
        }, () -> loaded = true);
    }

    public static SettlementBook start(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        SettlementBook book = new SettlementBook(kafkaClient, registry);
        book.feed.start();
        return book;
    }

    @Override
    public boolean loaded() {
        return loaded;
    }

    @Override
    public List<Settlement> between(LocalDate from, LocalDate to, String storeId) {
        return byKey.values().stream()
                .filter(s -> !s.getBusinessDate().isBefore(from) && !s.getBusinessDate().isAfter(to))
                .filter(s -> storeId == null || s.getStoreId().equals(storeId))
                .sorted(Comparator.comparing(Settlement::getBusinessDate).thenComparing(Settlement::getStoreId)
                        .thenComparing(Settlement::getProvider))
                .toList();
    }

    @Override
    public void close() {
        feed.close();
    }
}
