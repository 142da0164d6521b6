package io.tillstream.service.stores;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicFeed;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Follows the store registry ({@code stores.v1}) for a service: every record (a tombstone as null) is
 * handed to {@code onStore} as it is written, so a store added, changed or closed applies without a
 * restart. {@link #loaded()} says when the stores that existed at start have all been read: before
 * that, a service must not refuse a store as unknown.
 */
public final class StoreFeed implements AutoCloseable {

    private final CountDownLatch loaded = new CountDownLatch(1);
    private final TopicFeed<Store> feed;

    private StoreFeed(Map<String, Object> kafkaClient, SchemaRegistryClient registry, BiConsumer<String, Store> onStore,
                      Runnable onLoaded) {
        this.feed = new TopicFeed<>(kafkaClient, registry, Topics.STORES, onStore, () -> {
            onLoaded.run();
            loaded.countDown();
        });
    }

    public static StoreFeed start(Map<String, Object> kafkaClient, SchemaRegistryClient registry,
                                  BiConsumer<String, Store> onStore) {
        return start(kafkaClient, registry, onStore, () -> { });
    }

    /** The same, running {@code onLoaded} once the registry as it was at start has been handed over. */
    public static StoreFeed start(Map<String, Object> kafkaClient, SchemaRegistryClient registry,
                                  BiConsumer<String, Store> onStore, Runnable onLoaded) {
        StoreFeed feed = new StoreFeed(kafkaClient, registry, onStore, onLoaded);
        feed.feed.start();
        return feed;
    }

    public boolean loaded() {
        return loaded.getCount() == 0;
    }

    /** @return whether the registry as it was at start has been read within {@code timeout} */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        feed.close();
    }
}
