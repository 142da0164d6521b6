package io.tillstream.projector.topology;

import static io.tillstream.projector.topology.Events.adjustment;
import static io.tillstream.projector.topology.Events.line;
import static io.tillstream.projector.topology.Events.returned;
import static io.tillstream.projector.topology.Events.returnedLine;
import static io.tillstream.projector.topology.Events.sale;
import static io.tillstream.projector.topology.Events.stocktake;
import static io.tillstream.projector.topology.Events.voiding;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.LocationAvailability;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.SkuAvailability;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.StockPolicy;
import io.tillstream.schemas.StocktakeScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The projection's rules, piped through the real topology with real serdes (an in-memory registry over HTTP). */
class StockTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static EmbeddedSchemaRegistry registry;

    private ProjectorDriver p;

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
        p = new ProjectorDriver(registry.url(), T0);
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    @Test
    void shouldLowerOnHandAndEmitASequencedChangeForASale() {
        count("S001", "C1", T0, Map.of("TEE-M", 10));
        p.changes.readValuesToList();

        p.pipe(sale("S001", "S001-T1", T0.plusSeconds(60), line("TEE-M", 2)));

        StockChange change = p.changes.readValue();
        assertThat(change.getDelta()).isEqualTo(-2);
        assertThat(change.getOnHandAfter()).isEqualTo(8);
        assertThat(change.getSequence()).isEqualTo(2);
        assertThat(change.getCauseEventIds()).containsExactly("S001-T1");
        assertThat(change.getReason()).isEqualTo("SALE");
        assertThat(latestLevels().get("S001|TEE-M").getOnHand()).isEqualTo(8);
        assertThat(p.changes.isEmpty()).isTrue();
    }

    @Test
    void shouldCountARepostedTransactionOnce() {
        p.pipe(sale("S001", "S001-T1", T0, line("TEE-M", 1)));
        p.pipe(sale("S001", "S001-T1", T0, line("TEE-M", 1)));

        assertThat(p.changes.readValuesToList()).hasSize(1);
        assertThat(latestLevels().get("S001|TEE-M").getOnHand()).isEqualTo(-1);
    }

    @Test
    void shouldApplyEachReturnDisposition() {
        p.pipe(returned("S001", "S001-R1", T0, returnedLine("TEE-M", 1, ReturnDisposition.RESTOCK)));
        p.pipe(returned("S001", "S001-R2", T0, returnedLine("TEE-M", 1, ReturnDisposition.INSPECT)));
        p.pipe(returned("S001", "S001-R3", T0, returnedLine("TEE-M", 1, ReturnDisposition.WRITE_OFF)));

        assertThat(p.changes.readValuesToList()).extracting(StockChange::getDelta).containsExactly(1);
        StockLevel level = latestLevels().get("S001|TEE-M");
        assertThat(level.getOnHand()).isEqualTo(1);
        assertThat(level.getPendingInspection()).isEqualTo(1);
        assertThat(level.getVersion()).isEqualTo(2);
    }

    @Test
    void shouldMoveInspectedUnitsToOnHandWhenRestocked() {
        p.pipe(returned("S001", "S001-R1", T0, returnedLine("TEE-M", 1, ReturnDisposition.INSPECT)));
        p.pipe(adjustment("S001", "S001-A1", T0, AdjustmentReason.RETURN_RESTOCKED, "TEE-M", 1));

        StockChange change = p.changes.readValue();
        assertThat(change.getDelta()).isEqualTo(1);
        assertThat(change.getReason()).isEqualTo("ADJUSTMENT:RETURN_RESTOCKED");
        StockLevel level = latestLevels().get("S001|TEE-M");
        assertThat(level.getPendingInspection()).isZero();
        assertThat(level.getOnHand()).isEqualTo(1);
    }

    @Test
    void shouldZeroUncountedSkusOfTheStoreOnAFullStocktake() {
        count("S001", "C1", T0, Map.of("TEE-M", 4, "TEE-L", 3));
        count("S002", "C2", T0, Map.of("TEE-L", 5));
        p.changes.readValuesToList();

        p.pipe(stocktake("S001", "C3", T0.plusSeconds(60), StocktakeScope.FULL, Map.of("TEE-M", 6)));

        Map<String, StockLevel> latest = latestLevels();
        assertThat(latest.get("S001|TEE-M").getOnHand()).isEqualTo(6);
        assertThat(latest.get("S001|TEE-L").getOnHand()).isZero();
        assertThat(latest.get("S002|TEE-L").getOnHand()).as("another store is untouched").isEqualTo(5);
    }

    @Test
    void shouldNetSeveralLinesOfOneSkuIntoOneChange() {
        p.pipe(sale("S001", "S001-T1", T0, line("TEE-M", 1), line("TEE-M", 2), line("TEE-L", 1)));

        Map<String, StockChange> byKey = p.changes.readKeyValuesToMap();
        assertThat(byKey.get("S001|TEE-M").getDelta()).isEqualTo(-3);
        assertThat(byKey.get("S001|TEE-M").getSequence()).isEqualTo(1);
        assertThat(byKey.get("S001|TEE-L").getDelta()).isEqualTo(-1);
    }

    @Test
    void shouldNumberEachKeysChangesWithoutGaps() {
        for (int i = 1; i <= 5; i++) {
            p.pipe(sale("S001", "S001-T" + i, T0, line("TEE-M", 1)));
            p.pipe(returned("S001", "S001-R" + i, T0, returnedLine("TEE-M", 1, ReturnDisposition.INSPECT)));
        }
        assertThat(p.changes.readValuesToList()).extracting(StockChange::getSequence)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    // --- voids

    @Test
    void shouldReverseAVoidedSaleExactlyOnce() {
        p.pipe(sale("S001", "S001-T1", T0, line("TEE-M", 2), line("TEE-L", 1)));
        p.changes.readValuesToList();

        p.pipe(voiding("S001", "S001-V1", T0.plusSeconds(30), "S001-T1"));
        p.pipe(voiding("S001", "S001-V2", T0.plusSeconds(40), "S001-T1"));

        Map<String, StockChange> reversal = p.changes.readKeyValuesToMap();
        assertThat(reversal.get("S001|TEE-M").getDelta()).isEqualTo(2);
        assertThat(reversal.get("S001|TEE-M").getReason()).isEqualTo("VOID");
        assertThat(reversal.get("S001|TEE-M").getCauseEventIds()).containsExactly("S001-V1", "S001-T1");
        assertThat(reversal.get("S001|TEE-L").getDelta()).isEqualTo(1);
        assertThat(latestLevels().get("S001|TEE-M").getOnHand()).isZero();
        LedgerNotice rejected = p.notices.readValue();
        assertThat(rejected.getKind()).isEqualTo("VOID_ALREADY_VOIDED");
        assertThat(rejected.getEventId()).isEqualTo("S001-V2");
        assertThat(rejected.getDetail()).contains("S001-T1", "S001-V1");
        assertThat(p.changes.isEmpty()).isTrue();
    }

    @Test
    void shouldFlagAVoidOfAnUnknownTransactionWithoutTouchingStock() {
        p.pipe(voiding("S001", "S001-V1", T0, "S001-NEVER"));

        assertThat(p.changes.isEmpty()).isTrue();
        assertThat(p.levels.isEmpty()).isTrue();
        KeyValue<String, LedgerNotice> notice = p.notices.readKeyValue();
        assertThat(notice.key).isEqualTo("S001");
        assertThat(notice.value.getKind()).isEqualTo("VOID_UNKNOWN_TRANSACTION");
    }

    @Test
    void shouldFlagAVoidOfAVoid() {
        p.pipe(sale("S001", "S001-T1", T0, line("TEE-M", 1)));
        p.pipe(voiding("S001", "S001-V1", T0.plusSeconds(10), "S001-T1"));
        p.changes.readValuesToList();

        p.pipe(voiding("S001", "S001-V2", T0.plusSeconds(20), "S001-V1"));

        assertThat(p.changes.isEmpty()).isTrue();
        assertThat(p.notices.readValue().getKind()).isEqualTo("VOID_NOT_REVERSIBLE");
    }

    @Test
    void shouldReverseAnInspectedReturnFromInspection() {
        p.pipe(returned("S001", "S001-R1", T0, returnedLine("TEE-M", 2, ReturnDisposition.INSPECT)));
        p.pipe(voiding("S001", "S001-V1", T0.plusSeconds(10), "S001-R1"));

        StockLevel level = latestLevels().get("S001|TEE-M");
        assertThat(level.getPendingInspection()).isZero();
        assertThat(level.getOnHand()).isZero();
        assertThat(p.changes.isEmpty()).as("sellable stock never moved").isTrue();
    }

    @Test
    void shouldPlaceAVoidAtItsOwnTimeAroundAStocktake() {
        p.pipe(sale("S001", "S001-T1", T0.minusSeconds(120), line("TEE-M", 1)));
        p.pipe(sale("S001", "S001-T2", T0.minusSeconds(90), line("TEE-M", 1)));
        count("S001", "C1", T0, Map.of("TEE-M", 10));
        p.changes.readValuesToList();

        p.pipe(voiding("S001", "S001-V1", T0.minusSeconds(60), "S001-T1")); // rung up before the count
        p.pipe(voiding("S001", "S001-V2", T0.plusSeconds(60), "S001-T2"));  // after it

        assertThat(p.notices.readValue().getKind()).isEqualTo("MOVEMENT_BEFORE_COUNT");
        assertThat(p.changes.readValuesToList()).extracting(StockChange::getDelta).containsExactly(1);
        assertThat(latestLevels().get("S001|TEE-M").getOnHand()).isEqualTo(11);
    }

    @Test
    void shouldForgetEventsAfterTheWindowSoStateStaysBounded() {
        p.pipe(sale("S001", "S001-T1", T0, line("TEE-M", 1)));
        p.driver.advanceWallClockTime(Duration.ofDays(31));

        p.pipe(voiding("S001", "S001-V1", T0.plus(Duration.ofDays(31)), "S001-T1"));

        assertThat(p.notices.readValue().getKind()).isEqualTo("VOID_UNKNOWN_TRANSACTION");
        assertThat(p.changes.readValuesToList()).hasSize(1);
    }

    // --- stocktakes by event time

    @Test
    void shouldNotApplyAMovementAgainWhenItArrivesAfterTheStocktakeThatCountedIt() {
        count("S001", "C1", T0, Map.of("TEE-M", 10));
        List<StockLevel> before = p.levels.readValuesToList();
        p.changes.readValuesToList();

        p.pipe(sale("S001", "S001-T1", T0.minusSeconds(60), line("TEE-M", 2)));

        assertThat(p.changes.isEmpty()).as("no sellable change").isTrue();
        assertThat(p.levels.isEmpty()).as("the level stays").isTrue();
        assertThat(p.ledger().get("TEE-M|S001")).isEqualTo(before.get(0));
        LedgerNotice notice = p.notices.readValue();
        assertThat(notice.getKind()).isEqualTo("MOVEMENT_BEFORE_COUNT");
        assertThat(notice.getEventId()).isEqualTo("S001-T1");
        assertThat(notice.getSku()).isEqualTo("TEE-M");
    }

    @Test
    void shouldPlaceALateStocktakeBeforeTheMovementsThatOccurredAfterIt() {
        p.pipe(sale("S001", "S001-T1", T0.minusSeconds(120), line("TEE-M", 1))); // counted by C1
        p.pipe(sale("S001", "S001-T2", T0.plusSeconds(60), line("TEE-M", 2)));   // after C1
        p.pipe(adjustment("S001", "S001-A1", T0.plusSeconds(90), AdjustmentReason.RECEIVED, "TEE-M", 5));
        p.changes.readValuesToList();

        count("S001", "C1", T0, Map.of("TEE-M", 10));

        StockChange change = p.changes.readValue();
        assertThat(change.getOnHandAfter()).as("10 counted, 2 sold and 5 received after").isEqualTo(13);
        assertThat(change.getDelta()).isEqualTo(13 - 2);
        assertThat(change.getReason()).isEqualTo("STOCKTAKE");
        StockLevel level = latestLevels().get("S001|TEE-M");
        assertThat(level.getLastCountedAt()).isEqualTo(T0);
        assertThat(level.getAsOf()).as("the latest movement, not the count").isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void shouldIgnoreAStocktakeOlderThanTheLatestCount() {
        count("S001", "C2", T0, Map.of("TEE-M", 10));
        p.changes.readValuesToList();
        p.levels.readValuesToList();

        count("S001", "C1", T0.minusSeconds(3600), Map.of("TEE-M", 4));

        assertThat(p.changes.isEmpty()).isTrue();
        assertThat(p.levels.isEmpty()).isTrue();
        assertThat(p.notices.readValue().getKind()).isEqualTo("STOCKTAKE_SUPERSEDED");
    }

    @Test
    void shouldRejectAStocktakeTooOldToPlace() {
        p.pipe(sale("S001", "S001-T1", T0, line("TEE-M", 1)));
        p.changes.readValuesToList();

        count("S001", "C1", T0.minus(Duration.ofDays(31)), Map.of("TEE-M", 4));

        assertThat(p.changes.isEmpty()).isTrue();
        assertThat(p.notices.readValue().getKind()).isEqualTo("STOCKTAKE_TOO_OLD");
    }

    // --- safety buffers and network ATS

    @Test
    void shouldHoldTheSafetyBufferBackFromAts() {
        p.policies.pipeInput("S001|TEE-*", new StockPolicy(3));
        p.pipe(adjustment("S001", "S001-A1", T0, AdjustmentReason.RECEIVED, "TEE-M", 5));

        StockLevel level = latestLevels().get("S001|TEE-M");
        assertThat(level.getSafetyBuffer()).isEqualTo(3);
        assertThat(level.getAts()).isEqualTo(2);
    }

    @Test
    void shouldReemitTheAffectedLevelsWhenASafetyBufferChanges() {
        p.pipe(adjustment("S001", "S001-A1", T0, AdjustmentReason.RECEIVED, "TEE-M", 5));
        p.pipe(adjustment("S002", "S002-A1", T0, AdjustmentReason.RECEIVED, "TEE-M", 5));
        p.pipe(adjustment("S001", "S001-A2", T0, AdjustmentReason.RECEIVED, "CAP", 5));
        p.driver.advanceWallClockTime(LedgerProcessor.POLICY_CHECK_INTERVAL);
        p.levels.readValuesToList();
        p.changes.readValuesToList();

        p.policies.pipeInput("*|TEE-M", new StockPolicy(4));
        p.driver.advanceWallClockTime(LedgerProcessor.POLICY_CHECK_INTERVAL);

        Map<String, StockLevel> reemitted = p.levels.readKeyValuesToMap();
        assertThat(reemitted).containsOnlyKeys("S001|TEE-M", "S002|TEE-M");
        assertThat(reemitted.get("S001|TEE-M").getAts()).isEqualTo(1);
        assertThat(reemitted.get("S001|TEE-M").getVersion()).isEqualTo(2);
        assertThat(p.changes.isEmpty()).as("on-hand did not change").isTrue();

        p.policies.pipeInput("*|TEE-M", null);
        p.driver.advanceWallClockTime(LedgerProcessor.POLICY_CHECK_INTERVAL);
        assertThat(p.levels.readKeyValuesToMap().get("S002|TEE-M").getAts()).as("tombstone lifts the buffer")
                .isEqualTo(5);
    }

    @Test
    void shouldSumAtsOverLocationsAndEmitOnlyWhenItChanges() {
        p.policies.pipeInput("S002|*", new StockPolicy(1));
        p.pipe(adjustment("S001", "S001-A1", T0, AdjustmentReason.RECEIVED, "TEE-M", 5));
        p.pipe(adjustment("S002", "S002-A1", T0, AdjustmentReason.RECEIVED, "TEE-M", 3));
        p.pipe(returned("S001", "S001-R1", T0, returnedLine("TEE-M", 1, ReturnDisposition.INSPECT)));

        List<SkuAvailability> emitted = p.availability.readValuesToList();
        assertThat(emitted).as("the held return changed no ATS").hasSize(2);
        SkuAvailability latest = emitted.get(1);
        assertThat(latest.getAts()).isEqualTo(5 + 2);
        assertThat(latest.getLocations()).containsExactly(new LocationAvailability("S001", 5),
                new LocationAvailability("S002", 2));
        assertThat(latest.getVersion()).isEqualTo(2);
    }

    // --- history

    @Test
    void shouldKeepTheRecentChangesOfAKeyWithTheirCauses() {
        p.pipe(adjustment("S001", "S001-A1", T0, AdjustmentReason.RECEIVED, "TEE-M", 5));
        for (int i = 1; i <= ChangeHistory.DEPTH + 1; i++) {
            p.pipe(sale("S001", "S001-T" + i, T0.plusSeconds(i), line("TEE-M", 1)));
        }

        List<StockChange> history = p.history("TEE-M", "S001");
        assertThat(history).hasSize(ChangeHistory.DEPTH);
        assertThat(history.get(0).getSequence()).as("the oldest fell out").isEqualTo(3);
        assertThat(history.get(ChangeHistory.DEPTH - 1).getCauseEventIds())
                .containsExactly("S001-T" + (ChangeHistory.DEPTH + 1));
    }

    private void count(String store, String id, Instant at, Map<String, Integer> counts) {
        p.pipe(stocktake(store, id, at, StocktakeScope.PARTIAL, counts));
    }

    private Map<String, StockLevel> latestLevels() {
        return p.levels.readKeyValuesToMap();
    }
}
