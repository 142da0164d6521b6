package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.CentraStockObservation;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReconciliationTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private ReconciliationDriver fixture;
    private TopologyTestDriver driver;
    private TopicSerdes serdes;
    private TestInputTopic<String, StockLevel> levels;
    private TestInputTopic<String, byte[]> dlq;
    private TestOutputTopic<String, ReconciliationException> exceptions;

    @BeforeEach
    void setUp() {
        fixture = new ReconciliationDriver(ReconciliationSettings.defaults(), T0);
        driver = fixture.driver;
        serdes = fixture.serdes;
        levels = fixture.input(Topics.STOCK_LEVELS, serdes.of(Topics.STOCK_LEVELS));
        dlq = fixture.rawInput(Topics.STOCK_CHANGES_DLQ);
        exceptions = fixture.output(Topics.EXCEPTIONS, serdes.of(Topics.EXCEPTIONS));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldOpenNegativeStockForRetailOpsAndResolveItWhenTheLedgerRecovers() {
        levels.pipeInput("S001|TEE-M", level(-2, 3));
        ReconciliationException open = exceptions.readValue();
        assertThat(open.getId()).isEqualTo("NEGATIVE_STOCK:S001|TEE-M");
        assertThat(open.getOwner()).isEqualTo(Owner.RETAIL_OPS);
        assertThat(open.getStatus()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(open.getActual()).isEqualTo("-2");

        driver.advanceWallClockTime(java.time.Duration.ofMinutes(5));
        levels.pipeInput("S001|TEE-M", level(-3, 4));
        ReconciliationException again = exceptions.readValue();
        assertThat(again.getFirstSeenAt()).isEqualTo(open.getFirstSeenAt());
        assertThat(again.getLastSeenAt()).isAfter(open.getLastSeenAt());

        levels.pipeInput("S001|TEE-M", level(4, 5));
        ReconciliationException resolved = exceptions.readValue();
        assertThat(resolved.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(resolved.getResolvedAt()).isNotNull();
        assertThat(resolved.getEvidence()).contains("version 5");
        assertThat(exceptions.isEmpty()).isTrue();
    }

    @Test
    void shouldNotRaiseAnythingForAHealthyLedger() {
        levels.pipeInput("S001|TEE-M", level(3, 1));
        levels.pipeInput("S001|TEE-M", level(0, 2));
        assertThat(exceptions.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveEcommerceASizeCentraRefusedAndIntegrationAnythingElse() {
        dlq.pipeInput(rejected("S001", "GHOST-M", "[SIZE_REFUSED] Centra refused GHOST-M in warehouse 1: not found"));
        dlq.pipeInput(rejected("S009", "TEE-M", "[UNMAPPED_LOCATION] Location S009 is not mapped to a Centra warehouse"));

        List<ReconciliationException> raised = exceptions.readValuesToList();
        assertThat(raised).extracting(ReconciliationException::getType)
                .containsExactly(ExceptionType.SKU_UNKNOWN_IN_CENTRA, ExceptionType.SYNC_FAILED);
        assertThat(raised).extracting(ReconciliationException::getOwner).containsExactly(Owner.ECOMMERCE, Owner.INTEGRATION);
        assertThat(raised.get(0).getSku()).isEqualTo("GHOST-M");
        assertThat(raised.get(0).getRunbook()).contains("add the size in Centra");
    }

    @Test
    void shouldResolveAnUnknownSkuOnceTheSinkConfirmsItsStockInCentra() {
        dlq.pipeInput(rejected("S001", "GHOST-M", "[SIZE_REFUSED] Centra refused GHOST-M in warehouse 1: not found"));
        assertThat(exceptions.readValue().getStatus()).isEqualTo(ExceptionStatus.OPEN);
        TestInputTopic<String, SyncReceipt> receipts = fixture.input(Topics.SYNC_RECEIPTS, serdes.of(Topics.SYNC_RECEIPTS));

        receipts.pipeInput("1|GHOST-M", receipt(SyncStatus.PENDING));
        assertThat(exceptions.isEmpty()).as("an intent proves nothing yet").isTrue();
        receipts.pipeInput("1|GHOST-M", receipt(SyncStatus.CONFIRMED));

        ReconciliationException resolved = exceptions.readValue();
        assertThat(resolved.getId()).isEqualTo("SKU_UNKNOWN_IN_CENTRA:S001|GHOST-M");
        assertThat(resolved.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(resolved.getEvidence()).contains("tillstream:m-1");
    }

    private static SyncReceipt receipt(SyncStatus status) {
        return SyncReceipt.newBuilder().setWarehouseId(1).setSku("GHOST-M").setLocationId("S001").setConfirmedSequence(2)
                .setDelta(4).setMutationId("tillstream:m-1").setStatus(status).setAt(T0).setLedgerOnHand(4).build();
    }

    @Test
    void shouldRaiseDriftForIntegrationOnlyAfterTheGraceAndResolveWhenCentraMatchesAgain() {
        TestInputTopic<String, SyncReceipt> receipts = fixture.input(Topics.SYNC_RECEIPTS, serdes.of(Topics.SYNC_RECEIPTS));
        TestInputTopic<String, CentraStockObservation> centra = fixture.input(Topics.CENTRA_STOCK, serdes.of(Topics.CENTRA_STOCK));
        receipts.pipeInput("1|GHOST-M", receipt(SyncStatus.CONFIRMED)); // the ledger says 4 as of T0
        centra.pipeInput("1|GHOST-M", observation(3, T0.minusSeconds(5)));
        assertThat(exceptions.isEmpty()).as("read before the push was confirmed: in flight, proves nothing").isTrue();

        centra.pipeInput("1|GHOST-M", observation(3, T0.plusSeconds(5))); // someone edited Centra
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        assertThat(exceptions.isEmpty()).as("within the grace period").isTrue();
        driver.advanceWallClockTime(ReconciliationSettings.DEFAULT_DRIFT_GRACE);

        ReconciliationException drift = exceptions.readValue();
        assertThat(drift.getId()).isEqualTo("STOCK_DRIFT:1|GHOST-M");
        assertThat(drift.getOwner()).isEqualTo(Owner.INTEGRATION);
        assertThat(drift.getExpected()).isEqualTo("4");
        assertThat(drift.getActual()).isEqualTo("3");
        assertThat(drift.getFirstSeenAt()).isEqualTo(T0);

        centra.pipeInput("1|GHOST-M", observation(4, T0.plusSeconds(300)));
        List<ReconciliationException> after = exceptions.readValuesToList();
        assertThat(after).last().extracting(ReconciliationException::getStatus).isEqualTo(ExceptionStatus.RESOLVED);
    }

    @Test
    void shouldTimeTheDriftGraceAfreshOnceAPushInFlightSupersedesTheGap() {
        TestInputTopic<String, SyncReceipt> receipts = fixture.input(Topics.SYNC_RECEIPTS, serdes.of(Topics.SYNC_RECEIPTS));
        TestInputTopic<String, CentraStockObservation> centra = fixture.input(Topics.CENTRA_STOCK, serdes.of(Topics.CENTRA_STOCK));
        receipts.pipeInput("1|GHOST-M", receipt(SyncStatus.CONFIRMED)); // the ledger says 4 as of T0
        centra.pipeInput("1|GHOST-M", observation(3, T0.plusSeconds(5))); // a gap opens at T0
        receipts.pipeInput("1|GHOST-M", SyncReceipt.newBuilder(receipt(SyncStatus.PENDING))
                .setAt(T0.plusSeconds(10)).build()); // the next push is in flight: nothing to compare
        driver.advanceWallClockTime(Duration.ofMinutes(10));

        Instant confirmed = T0.plus(Duration.ofMinutes(10));
        receipts.pipeInput("1|GHOST-M", SyncReceipt.newBuilder(receipt(SyncStatus.CONFIRMED)).setAt(confirmed)
                .setLedgerOnHand(5).build());
        centra.pipeInput("1|GHOST-M", observation(4, confirmed.plusSeconds(5)));
        assertThat(exceptions.isEmpty()).as("a new gap gets its own grace, not the one timed from T0").isTrue();

        driver.advanceWallClockTime(ReconciliationSettings.DEFAULT_DRIFT_GRACE);
        ReconciliationException drift = exceptions.readValue();
        assertThat(drift.getExpected()).isEqualTo("5");
        assertThat(drift.getFirstSeenAt()).isEqualTo(confirmed);
    }

    private static CentraStockObservation observation(int physical, java.time.Instant at) {
        return CentraStockObservation.newBuilder().setWarehouseId(1).setSku("GHOST-M").setPhysical(physical)
                .setAllocated(0).setFreeToAllocate(physical).setObservedAt(at).build();
    }

    @Test
    void shouldServeEveryExceptionFromTheGlobalView() {
        levels.pipeInput("S001|TEE-M", level(-1, 1));
        KeyValueStore<String, ReconciliationException> view = driver.getKeyValueStore(ReconciliationTopology.VIEW_STORE);
        assertThat(view.get("NEGATIVE_STOCK:S001|TEE-M").getStatus()).isEqualTo(ExceptionStatus.OPEN);
    }

    private static StockLevel level(int onHand, long version) {
        return StockLevel.newBuilder().setLocationId("S001").setSku("TEE-M").setOnHand(onHand).setPendingInspection(0)
                .setSafetyBuffer(0).setAts(Math.max(0, onHand)).setVersion(version).setChangeSequence(version)
                .setAsOf(T0).build();
    }

    private TestRecord<String, byte[]> rejected(String location, String sku, String reason) {
        return rejected(serdes, location, sku, reason);
    }

    /** A change the sink parked on its DLQ, as Connect writes it: the original bytes and the reason header. */
    static TestRecord<String, byte[]> rejected(TopicSerdes serdes, String location, String sku, String reason) {
        StockChange change = StockChange.newBuilder().setLocationId(location).setSku(sku).setSequence(1).setDelta(-1)
                .setOnHandAfter(-1).setReason("SALE").setCauseEventIds(List.of("T1")).setOccurredAt(T0).build();
        byte[] bytes = serdes.of(Topics.STOCK_CHANGES).serializer().serialize(Topics.STOCK_CHANGES.name(), change);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RejectionProcessor.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return new TestRecord<>(location + "|" + sku, bytes, headers, T0);
    }
}
