package io.tillstream.projector.topology;

import io.tillstream.projector.StockProjector;
import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.SkuAvailability;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.StockPolicy;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicSerdes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The real topology with real serdes (against a registry), its input and output topics, for tests. */
final class ProjectorDriver implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, PosTransaction> transactions;
    final TestInputTopic<String, SpecificRecord> adjustments;
    final TestInputTopic<String, StockPolicy> policies;
    final TestOutputTopic<String, StockLevel> levels;
    final TestOutputTopic<String, StockChange> changes;
    final TestOutputTopic<String, SkuAvailability> availability;
    final TestOutputTopic<String, LedgerNotice> notices;

    /** @param wallClock the driver's initial wall-clock time: event ids are remembered relative to it */
    ProjectorDriver(URI registry, Instant wallClock) {
        TopicSerdes serdes = StockProjector.serdes(registry.toString());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stock-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(StockTopology.build(serdes, Duration.ofDays(30)), props, wallClock);
        transactions = driver.createInputTopic(Topics.POS_TRANSACTIONS.name(), Serdes.String().serializer(),
                serdes.of(Topics.POS_TRANSACTIONS).serializer());
        adjustments = driver.createInputTopic(Topics.STOCK_ADJUSTMENTS.name(), Serdes.String().serializer(),
                serdes.of(Topics.STOCK_ADJUSTMENTS).serializer());
        policies = driver.createInputTopic(Topics.STOCK_POLICIES.name(), Serdes.String().serializer(),
                serdes.of(Topics.STOCK_POLICIES).serializer());
        levels = driver.createOutputTopic(Topics.STOCK_LEVELS.name(), Serdes.String().deserializer(),
                serdes.of(Topics.STOCK_LEVELS).deserializer());
        changes = driver.createOutputTopic(Topics.STOCK_CHANGES.name(), Serdes.String().deserializer(),
                serdes.of(Topics.STOCK_CHANGES).deserializer());
        availability = driver.createOutputTopic(Topics.STOCK_ATS.name(), Serdes.String().deserializer(),
                serdes.of(Topics.STOCK_ATS).deserializer());
        notices = driver.createOutputTopic(Topics.LEDGER_NOTICES.name(), Serdes.String().deserializer(),
                serdes.of(Topics.LEDGER_NOTICES).deserializer());
    }

    void pipe(SpecificRecord event) {
        if (event instanceof PosTransaction t) {
            transactions.pipeInput(t.getStoreId(), t);
        } else {
            adjustments.pipeInput(Events.storeOf(event), event);
        }
    }

    /** The ledger store, as interactive queries see it. */
    KeyValueStore<String, StockLevel> ledger() {
        return driver.getKeyValueStore(StockTopology.LEDGER_STORE);
    }

    /** One key's change history, as {@code GET /v1/stock/{sku}/history} reads it. */
    List<StockChange> history(String sku, String locationId) {
        KeyValueStore<String, StockChange> store = driver.getKeyValueStore(StockTopology.HISTORY_STORE);
        List<StockChange> changes = new ArrayList<>();
        try (KeyValueIterator<String, StockChange> it = store.prefixScan(ChangeHistory.prefix(sku, locationId),
                new StringSerializer())) {
            it.forEachRemaining(kv -> changes.add(kv.value));
        }
        return changes;
    }

    @Override
    public void close() {
        driver.close();
    }
}
