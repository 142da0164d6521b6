package io.tillstream.service.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** A topic's serde comes from the catalogue: its schema and type, one per topic. */
class TopicSerdesTest {

    @Test
    void shouldBuildEachTopicsSerdeFromItsSpecOnce() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory(0)) {
            TopicSerdes serdes = new TopicSerdes(new SchemaRegistryClient(registry.url().toString()));
            Serde<StockChange> changes = serdes.of(Topics.STOCK_CHANGES);
            StockChange change = StockChange.newBuilder().setLocationId("S001").setSku("TEE-M").setSequence(3)
                    .setDelta(-1).setOnHandAfter(4).setReason("SALE").setCauseEventIds(List.of("T1"))
                    .setOccurredAt(Instant.parse("2026-12-07T10:00:00Z")).build();

            byte[] bytes = changes.serializer().serialize(Topics.STOCK_CHANGES.name(), change);

            assertThat(bytes[0]).as("Confluent's magic byte").isZero();
            assertThat(changes.deserializer().deserialize(Topics.STOCK_CHANGES.name(), bytes)).isEqualTo(change);
            assertThat(serdes.of(Topics.STOCK_CHANGES)).as("one per topic").isSameAs(changes);
            assertThat(serdes.of(Topics.STOCK_CHANGES_DLQ).serializer().serialize("x", new byte[] {7}))
                    .as("a dead-letter queue holds the bytes as they came").containsExactly(7);
        }
    }
}
