package io.tillstream.centra.sink.holdback;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.TopicSpec;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicFeed;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores reconciliation has declared silent (an open STORE_SILENT in its exceptions topic), and
 * since when, followed live. Reconciliation is where silence is judged (the store's hours, its
 * calendar, its tills' heartbeats); the sink only acts on the judgement.
 */
public final class SilentStores implements AutoCloseable {

    /** Store id → when reconciliation declared it silent (the exception's latest raise). */
    private final Map<String, Instant> since = new ConcurrentHashMap<>();
    /** Store id → when its latest silence ended (the exception's resolution). */
    private final Map<String, Instant> heardAgain = new ConcurrentHashMap<>();
    /** Exception id → store, so a tombstone ends a silence too. */
    private final Map<String, String> storeOf = new ConcurrentHashMap<>();
    private final TopicFeed<ReconciliationException> feed;
    private volatile boolean loaded;

    public SilentStores(Map<String, Object> kafkaClient, SchemaRegistryClient registry, String topic) {
        TopicSpec<ReconciliationException> exceptions = Topics.EXCEPTIONS;
        this.feed = new TopicFeed<ReconciliationException>(kafkaClient, registry, new TopicSpec<>(topic,
                exceptions.partitions(), exceptions.cleanupPolicy(), exceptions.retention(),
                exceptions.keyDescription(), exceptions.valueSchema()), this::apply, () -> loaded = true).start();
    }

    /* visible for testing: fed by hand through apply, nothing to read first */
    SilentStores() {
        this.feed = null;
        this.loaded = true;
    }

    void apply(String id, ReconciliationException e) {
        if (e == null) {
            String store = storeOf.remove(id);
            if (store != null) {
                since.remove(store);
            }
            return;
        }
        if (e.getType() != ExceptionType.STORE_SILENT || e.getStoreId() == null) {
            return;
        }
        storeOf.put(id, e.getStoreId());
        if (e.getStatus() == ExceptionStatus.OPEN) {
            since.put(e.getStoreId(), e.getLastSeenAt());
            heardAgain.remove(e.getStoreId());
        } else {
            since.remove(e.getStoreId());
            heardAgain.put(e.getStoreId(), e.getResolvedAt() == null ? e.getLastSeenAt() : e.getResolvedAt());
        }
    }

    /** The silent stores now, each with when it was declared silent. */
    public Map<String, Instant> now() {
        return Map.copyOf(since);
    }

    /** When the store was last heard again after a silence; empty if it never was silent. */
    public Optional<Instant> heardAgain(String storeId) {
        return Optional.ofNullable(heardAgain.get(storeId));
    }

    /** Whether the exceptions as they were at start have been read: before that, no store is released. */
    public boolean loaded() {
        return loaded;
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
    }
}
