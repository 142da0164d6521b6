package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.stores.StoreDirectory;
import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.TillHeartbeat;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetailOpsTopologyTest {

    /** 10:00 in London, where S001 trades 09:00–22:00. */
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private ReconciliationDriver fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, StockLevel> levels;
    private TestInputTopic<String, byte[]> adjustments;
    private TestInputTopic<String, TillHeartbeat> heartbeats;
    private TestOutputTopic<String, ReconciliationException> exceptions;

    @BeforeEach
    void setUp() {
        fixture = new ReconciliationDriver(ReconciliationSettings.defaults()
                .withStores(new StoreDirectory(List.of(ReconciliationDriver.LONDON))), T0);
        driver = fixture.driver;
        TopicSerdes serdes = fixture.serdes;
        levels = fixture.input(Topics.STOCK_LEVELS, serdes.of(Topics.STOCK_LEVELS));
        adjustments = fixture.rawInput(Topics.STOCK_ADJUSTMENTS);
        heartbeats = fixture.input(Topics.TILL_HEARTBEATS, serdes.of(Topics.TILL_HEARTBEATS));
        exceptions = fixture.output(Topics.EXCEPTIONS, serdes.of(Topics.EXCEPTIONS));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldRaiseReturnNotRestockedOnceAfterTheSlaAndResolveWhenInspected() {
        levels.pipeInput("S001|TEE-M", level(2, 1, T0));
        driver.advanceWallClockTime(Duration.ofHours(47));
        assertThat(returns()).as("within the 48 h SLA").isEmpty();

        driver.advanceWallClockTime(Duration.ofHours(2));
        List<ReconciliationException> raised = returns();
        assertThat(raised).hasSize(1);
        ReconciliationException open = raised.get(0);
        assertThat(open.getId()).isEqualTo("RETURN_NOT_RESTOCKED:S001|TEE-M");
        assertThat(open.getOwner()).isEqualTo(Owner.RETAIL_OPS);
        assertThat(open.getStatus()).isEqualTo(ExceptionStatus.OPEN);
        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(returns()).as("raised once").isEmpty();

        levels.pipeInput("S001|TEE-M", level(0, 2, T0.plus(Duration.ofHours(50))));
        ReconciliationException resolved = returns().get(0);
        assertThat(resolved.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(resolved.getEvidence()).contains("version 2");
    }

    /** The returns' exceptions only: the store sends nothing here, so it is STORE_SILENT too, by design. */
    private List<ReconciliationException> returns() {
        return exceptions.readValuesToList().stream()
                .filter(e -> e.getType() == ExceptionType.RETURN_NOT_RESTOCKED).toList();
    }

    @Test
    void shouldRaiseStoreSilentOnlyWhileTradingAndResolveOnTheNextEvent() {
        adjustments.pipeInput("S001", new byte[] {1}, T0);
        driver.advanceWallClockTime(Duration.ofMinutes(50));
        assertThat(exceptions.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(20));
        ReconciliationException silent = exceptions.readValue();
        assertThat(silent.getType()).isEqualTo(ExceptionType.STORE_SILENT);
        assertThat(silent.getOwner()).isEqualTo(Owner.RETAIL_OPS);
        assertThat(silent.getStoreId()).isEqualTo("S001");

        adjustments.pipeInput("S001", new byte[] {1}, T0.plus(Duration.ofMinutes(75)));
        assertThat(exceptions.readValue().getStatus()).isEqualTo(ExceptionStatus.RESOLVED);

        // 23:00 is after close, and 09:30 the next morning is only half an hour into trading
        driver.advanceWallClockTime(Duration.ofHours(11).plusMinutes(45));
        driver.advanceWallClockTime(Duration.ofHours(10).plusMinutes(30));
        assertThat(exceptions.isEmpty()).isTrue();
    }

    @Test
    void shouldTakeATillsHeartbeatAsTheStoreBeingOnlineBetweenSales() {
        adjustments.pipeInput("S001", new byte[] {1}, T0);
        for (int minutes = 10; minutes <= 120; minutes += 10) {
            driver.advanceWallClockTime(Duration.ofMinutes(10));
            heartbeat("T03", 0, T0.plus(Duration.ofMinutes(minutes)));
        }
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(exceptions.isEmpty()).as("two hours without a sale, but its till said it was up").isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(60));
        assertThat(exceptions.readValuesToList()).extracting(ReconciliationException::getType)
                .as("the heartbeats stopped too").containsExactlyInAnyOrder(ExceptionType.TILL_SILENT,
                        ExceptionType.STORE_SILENT);
    }

    @Test
    void shouldRaiseTillSilentForATillThatStopsItsHeartbeatsAndShowItCatchingUpWhenItIsBack() {
        heartbeat("T03", 0, T0);
        heartbeat("T04", 0, T0);
        for (int minutes = 5; minutes <= 20; minutes += 5) {
            driver.advanceWallClockTime(Duration.ofMinutes(5));
            heartbeat("T04", 0, T0.plus(Duration.ofMinutes(minutes))); // T03 is off, T04 keeps the store heard
        }
        ReconciliationException silent = exceptions.readValue();
        assertThat(silent.getId()).isEqualTo("TILL_SILENT:S001|T03");
        assertThat(silent.getOwner()).isEqualTo(Owner.RETAIL_OPS);
        assertThat(silent.getStatus()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(exceptions.isEmpty()).as("the store is heard through T04; T04 is fine").isTrue();

        heartbeat("T03", 14, T0.plus(Duration.ofMinutes(22)));
        ReconciliationException back = exceptions.readValue();
        assertThat(back.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(back.getEvidence()).contains("catching up: 14 event(s) still queued");
    }

    private void heartbeat(String tillId, int queued, Instant at) {
        heartbeats.pipeInput("S001", TillHeartbeat.newBuilder().setStoreId("S001").setTillId(tillId).setQueued(queued)
                .setReceivedAt(at).build(), at);
    }

    private static StockLevel level(int pending, long version, Instant asOf) {
        return StockLevel.newBuilder().setLocationId("S001").setSku("TEE-M").setOnHand(3).setPendingInspection(pending)
                .setSafetyBuffer(0).setAts(3).setVersion(version).setChangeSequence(version).setAsOf(asOf).build();
    }
}
