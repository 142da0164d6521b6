package io.tillstream.centra.sink.stores;

import io.tillstream.centra.sink.sync.Warehouses;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Store;
import io.tillstream.service.stores.StoreFeed;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each store's Centra warehouse, as the store registry ({@code stores.v1}) says, followed live: a store
 * added with {@code ./tillstream store add} has its opening stocktake pushed to its warehouse with no
 * restart and no connector change. A closed store keeps its warehouse: what it did before it closed
 * still reaches Centra. Until the registry has been read, {@link #ready()} is false and the task must not
 * judge a location unmapped (it asks Connect to hand the records again).
 */
public final class RegistryWarehouses implements Warehouses, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryWarehouses.class);

    private final Map<String, Integer> byLocation = new ConcurrentHashMap<>();
    private final StoreFeed feed;

    public RegistryWarehouses(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        this.feed = StoreFeed.start(kafkaClient, registry, this::apply,
                () -> log.info("Store registry read: {} store(s) mapped to Centra warehouses", byLocation.size()));
    }

    private void apply(String storeId, Store store) {
        if (store == null) {
            byLocation.remove(storeId);
            return;
        }
        Integer before = byLocation.put(storeId, store.getCentraWarehouseId());
        if (feed != null && feed.loaded() && !Integer.valueOf(store.getCentraWarehouseId()).equals(before)) {
            log.info("Store {} now maps to Centra warehouse {}", storeId, store.getCentraWarehouseId());
        }
    }

    @Override
    public Integer of(String locationId) {
        return byLocation.get(locationId);
    }

    public boolean ready() {
        return feed.loaded();
    }

    public int size() {
        return byLocation.size();
    }

    @Override
    public void close() {
        feed.close();
    }
}
