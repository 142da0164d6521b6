package io.tillstream.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.Topics;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The projection's rules, piped through the real topology with real serdes (an in-memory registry over HTTP). */
class StockTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final BigDecimal PRICE = new BigDecimal("25.0000");
    private static EmbeddedSchemaRegistry registry;

    private TopologyTestDriver driver;
    private TestInputTopic<String, PosTransaction> transactions;
    private TestInputTopic<String, SpecificRecord> adjustments;
    private TestOutputTopic<String, StockLevel> levels;
    private TestOutputTopic<String, StockChange> changes;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.startInMemory(0);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void setUp() {
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url().toString());
        StockSerdes serdes = new StockSerdes(
                new ConfluentAvroSerde<>(client, Topics.POS_TRANSACTIONS.valueSchema()),
                new ConfluentAvroSerde<>(client, Topics.STOCK_ADJUSTMENTS.valueSchema()),
                new ConfluentAvroSerde<>(client, Topics.STOCK_LEVELS.valueSchema()),
                new ConfluentAvroSerde<>(client, Topics.STOCK_CHANGES.valueSchema()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stock-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(StockTopology.build(serdes, Duration.ofDays(30)), props);
        transactions = driver.createInputTopic(Topics.POS_TRANSACTIONS.name(), Serdes.String().serializer(),
                serdes.transactions().serializer());
        adjustments = driver.createInputTopic(Topics.STOCK_ADJUSTMENTS.name(), Serdes.String().serializer(),
                serdes.adjustments().serializer());
        levels = driver.createOutputTopic(Topics.STOCK_LEVELS.name(), Serdes.String().deserializer(),
                serdes.levels().deserializer());
        changes = driver.createOutputTopic(Topics.STOCK_CHANGES.name(), Serdes.String().deserializer(),
                serdes.changes().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldLowerOnHandAndEmitASequencedChangeForASale() {
        count("S001", "C1", Map.of("TEE-M", 10));
        changes.readValuesToList();

        transactions.pipeInput("S001", sale("S001-T1", line("TEE-M", 2)));

        StockChange change = changes.readValue();
        assertThat(change.getDelta()).isEqualTo(-2);
        assertThat(change.getOnHandAfter()).isEqualTo(8);
        assertThat(change.getSequence()).isEqualTo(2);
        assertThat(change.getCauseEventIds()).containsExactly("S001-T1");
        assertThat(change.getReason()).isEqualTo("SALE");
        assertThat(levels.readKeyValuesToMap().get("S001|TEE-M").getOnHand()).isEqualTo(8);
        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void shouldCountARepostedTransactionOnce() {
        transactions.pipeInput("S001", sale("S001-T1", line("TEE-M", 1)));
        transactions.pipeInput("S001", sale("S001-T1", line("TEE-M", 1)));

        assertThat(changes.readValuesToList()).hasSize(1);
        assertThat(levels.readKeyValuesToMap().get("S001|TEE-M").getOnHand()).isEqualTo(-1);
    }

    @Test
    void shouldApplyEachReturnDisposition() {
        transactions.pipeInput("S001", returned("S001-R1", ReturnDisposition.RESTOCK));
        transactions.pipeInput("S001", returned("S001-R2", ReturnDisposition.INSPECT));
        transactions.pipeInput("S001", returned("S001-R3", ReturnDisposition.WRITE_OFF));

        List<StockChange> emitted = changes.readValuesToList();
        assertThat(emitted).extracting(StockChange::getDelta).containsExactly(1);
        StockLevel level = levels.readKeyValuesToMap().get("S001|TEE-M");
        assertThat(level.getOnHand()).isEqualTo(1);
        assertThat(level.getPendingInspection()).isEqualTo(1);
        assertThat(level.getVersion()).isEqualTo(2);
    }

    @Test
    void shouldMoveInspectedUnitsToOnHandWhenRestocked() {
        transactions.pipeInput("S001", returned("S001-R1", ReturnDisposition.INSPECT));
        adjustments.pipeInput("S001", adjustment("S001-A1", AdjustmentReason.RETURN_RESTOCKED, 1));

        StockChange change = changes.readValue();
        assertThat(change.getDelta()).isEqualTo(1);
        assertThat(change.getReason()).isEqualTo("ADJUSTMENT:RETURN_RESTOCKED");
        StockLevel level = levels.readKeyValuesToMap().get("S001|TEE-M");
        assertThat(level.getPendingInspection()).isZero();
        assertThat(level.getOnHand()).isEqualTo(1);
    }

    @Test
    void shouldZeroUncountedSkusOfTheStoreOnAFullStocktake() {
        count("S001", "C1", Map.of("TEE-M", 4, "TEE-L", 3));
        count("S002", "C2", Map.of("TEE-L", 5));
        changes.readValuesToList();

        adjustments.pipeInput("S001", stocktake("S001", "C3", StocktakeScope.FULL, Map.of("TEE-M", 6)));

        Map<String, StockLevel> latest = levels.readKeyValuesToMap();
        assertThat(latest.get("S001|TEE-M").getOnHand()).isEqualTo(6);
        assertThat(latest.get("S001|TEE-L").getOnHand()).isZero();
        assertThat(latest.get("S002|TEE-L").getOnHand()).as("another store is untouched").isEqualTo(5);
    }

    @Test
    void shouldNetSeveralLinesOfOneSkuIntoOneChange() {
        transactions.pipeInput("S001", sale("S001-T1", line("TEE-M", 1), line("TEE-M", 2), line("TEE-L", 1)));

        Map<String, StockChange> byKey = changes.readKeyValuesToMap();
        assertThat(byKey.get("S001|TEE-M").getDelta()).isEqualTo(-3);
        assertThat(byKey.get("S001|TEE-M").getSequence()).isEqualTo(1);
        assertThat(byKey.get("S001|TEE-L").getDelta()).isEqualTo(-1);
    }

    @Test
    void shouldNumberEachKeysChangesWithoutGaps() {
        for (int i = 1; i <= 5; i++) {
            transactions.pipeInput("S001", sale("S001-T" + i, line("TEE-M", 1)));
            transactions.pipeInput("S001", returned("S001-R" + i, ReturnDisposition.INSPECT)); // no sellable change
        }
        assertThat(changes.readValuesToList()).extracting(StockChange::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    private void count(String store, String id, Map<String, Integer> counts) {
        adjustments.pipeInput(store, stocktake(store, id, StocktakeScope.PARTIAL, counts));
    }

    private static Stocktake stocktake(String store, String id, StocktakeScope scope, Map<String, Integer> counts) {
        return Stocktake.newBuilder().setStocktakeId(id).setStoreId(store).setCountedAt(T0).setReceivedAt(T0)
                .setScope(scope)
                .setCounts(counts.entrySet().stream().map(e -> new StockCount(e.getKey(), e.getValue())).toList())
                .build();
    }

    private static StockAdjustment adjustment(String id, AdjustmentReason reason, int quantity) {
        return StockAdjustment.newBuilder().setAdjustmentId(id).setStoreId("S001").setOccurredAt(T0).setReceivedAt(T0)
                .setReason(reason).setLines(List.of(new AdjustmentLine("TEE-M", quantity))).build();
    }

    private static TransactionLine line(String sku, int quantity) {
        return TransactionLine.newBuilder().setSku(sku).setQuantity(quantity).setUnitPrice(PRICE)
                .setDiscount(BigDecimal.ZERO.setScale(4)).setTax(BigDecimal.ZERO.setScale(4)).build();
    }

    private static PosTransaction sale(String id, TransactionLine... lines) {
        return transaction(id, TransactionType.SALE, List.of(lines));
    }

    private static PosTransaction returned(String id, ReturnDisposition disposition) {
        TransactionLine line = line("TEE-M", -1);
        line.setReturnDisposition(disposition);
        return transaction(id, TransactionType.RETURN, List.of(line));
    }

    private static PosTransaction transaction(String id, TransactionType type, List<TransactionLine> lines) {
        return PosTransaction.newBuilder().setTransactionId(id).setStoreId("S001").setTillId("T1").setType(type)
                .setOccurredAt(T0).setReceivedAt(T0).setBusinessDate(LocalDate.of(2026, 11, 26)).setCurrency("GBP")
                .setLines(lines)
                .setTenders(List.of(new Tender("CARD", PRICE, null)))
                .build();
    }
}
