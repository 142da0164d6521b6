package io.tillstream.ingest.stores;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.tillstream.ingest.cluster.ClusterConnection;
import io.tillstream.service.stores.StoreFeed;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store registry, followed from {@code stores.v1} from start-up. */
@Factory
public class StoreRegistryFactory {

    private static final Logger log = LoggerFactory.getLogger(StoreRegistryFactory.class);

    @Singleton
    StoreRegistry storeRegistry() {
        return new StoreRegistry();
    }

    @Context
    @Bean(preDestroy = "close")
    StoreFeed storeFeed(ClusterConnection cluster, StoreRegistry stores) {
        return StoreFeed.start(cluster.kafka(), cluster.registry(), stores::apply, () -> {
            stores.markLoaded();
            log.info("Store registry read: {} store(s)", stores.size());
        });
    }
}
