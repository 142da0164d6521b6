package io.tillstream.reconciliation.topology;

import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.TopicSpec;
import io.tillstream.service.topics.TopicSerdes;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The reconciliation topology under {@link TopologyTestDriver}, with the service's Avro serdes on an
 * in-memory schema registry of its own: what every topology test of this package starts from.
 */
final class ReconciliationDriver implements AutoCloseable {

    /** A store trading 09:00–22:00 in London. */
    static final StoreInfo LONDON = new StoreInfo("S001", "London Soho", ZoneId.of("Europe/London"),
            LocalTime.of(9, 0), LocalTime.of(22, 0));

    private final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory(0);
    final TopicSerdes serdes = serdes(new SchemaRegistryClient(registry.url().toString()));
    final TopologyTestDriver driver;

    ReconciliationDriver(ReconciliationSettings settings, Instant start) {
        this.driver = new TopologyTestDriver(ReconciliationTopology.build(serdes, settings, 1), properties(), start);
    }

    <V> TestInputTopic<String, V> input(TopicSpec<?> topic, Serde<V> values) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), values.serializer());
    }

    /** An input whose records the test writes as bytes (a DLQ record, a value of several types). */
    TestInputTopic<String, byte[]> rawInput(TopicSpec<?> topic) {
        return input(topic, Serdes.ByteArray());
    }

    <V> TestOutputTopic<String, V> output(TopicSpec<?> topic, Serde<V> values) {
        return driver.createOutputTopic(topic.name(), Serdes.String().deserializer(), values.deserializer());
    }

    private static TopicSerdes serdes(SchemaRegistryClient client) {
        return new TopicSerdes(client);
    }

    private static Properties properties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reconciliation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }

    @Override
    public void close() {
        driver.close();
        registry.close();
    }
}
