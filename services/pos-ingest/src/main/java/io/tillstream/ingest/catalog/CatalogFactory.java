package io.tillstream.ingest.catalog;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.tillstream.ingest.cluster.ClusterConnection;
import io.tillstream.schemas.CatalogEntry;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicFeed;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue, followed from {@code centra.catalog.v1} (which Centra's catalogue source connector
 * fills) from start-up: by the time a till asks, it has usually been read.
 */
@Factory
public class CatalogFactory {

    private static final Logger log = LoggerFactory.getLogger(CatalogFactory.class);

    @Singleton
    Catalog catalog() {
        return new Catalog();
    }

    @Context
    @Bean(preDestroy = "close")
    TopicFeed<CatalogEntry> catalogFeed(ClusterConnection cluster, Catalog catalog) {
        return new TopicFeed<CatalogEntry>(cluster.kafka(), cluster.registry(), Topics.CENTRA_CATALOG,
                catalog::apply, () -> {
                    catalog.loaded();
                    log.info("Centra's catalogue read: {} sizes, at {}", catalog.size(), catalog.cursor());
                }).start();
    }
}
