package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SYNC_STALLED: the ledger's changes against the sink's receipts, on the wall clock. */
class SyncWatchTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private ReconciliationDriver fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, StockChange> changes;
    private TestInputTopic<String, SyncReceipt> receipts;
    private TestOutputTopic<String, ReconciliationException> exceptions;

    @BeforeEach
    void setUp() {
        fixture = new ReconciliationDriver(ReconciliationSettings.defaults(), T0);
        driver = fixture.driver;
        changes = fixture.input(Topics.STOCK_CHANGES, fixture.serdes.of(Topics.STOCK_CHANGES));
        receipts = fixture.input(Topics.SYNC_RECEIPTS, fixture.serdes.of(Topics.SYNC_RECEIPTS));
        exceptions = fixture.output(Topics.EXCEPTIONS, fixture.serdes.of(Topics.EXCEPTIONS));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldRaiseOnePerLocationAfterTheSloAndResolveWhenTheSinkCatchesUp() {
        changes.pipeInput("S001|TEE-M", change("S001", "TEE-M", 1), T0);
        changes.pipeInput("S001|TEE-L", change("S001", "TEE-L", 1), T0.plusSeconds(20));
        changes.pipeInput("S002|TEE-M", change("S002", "TEE-M", 1), T0);
        receipts.pipeInput("2|TEE-M", receipt("S002", 2, "TEE-M", 1, SyncStatus.CONFIRMED, T0.plusSeconds(2)));

        driver.advanceWallClockTime(Duration.ofMinutes(4));
        assertThat(stalls()).as("within the 5 min SLO").isEmpty();

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        List<ReconciliationException> raised = stalls();
        assertThat(raised).singleElement().satisfies(e -> {
            assertThat(e.getId()).isEqualTo("SYNC_STALLED:S001");
            assertThat(e.getOwner()).isEqualTo(Owner.INTEGRATION);
            assertThat(e.getStatus()).isEqualTo(ExceptionStatus.OPEN);
            assertThat(e.getSku()).as("the oldest waiting").isEqualTo("TEE-M");
            assertThat(e.getActual()).startsWith("2 sizes unconfirmed, the oldest since " + T0);
            assertThat(e.getDetail()).contains("the Centra sink has journalled nothing for 5 min");
        });
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(stalls()).as("raised once while nothing changes").isEmpty();

        receipts.pipeInput("1|TEE-M", receipt("S001", 1, "TEE-M", 1, SyncStatus.CONFIRMED, T0.plusSeconds(500)));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(stalls()).singleElement().satisfies(e -> assertThat(e.getActual())
                .as("updated with the count").startsWith("1 size unconfirmed"));

        // A size Centra refused (FAILED, parked on the DLQ) is settled as far as the sync goes.
        receipts.pipeInput("1|TEE-L", receipt("S001", 1, "TEE-L", 1, SyncStatus.FAILED, T0.plusSeconds(530)));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(stalls()).singleElement().satisfies(e -> {
            assertThat(e.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
            assertThat(e.getEvidence()).contains("confirmed by Centra");
        });
    }

    /** A size sold all day long is never fully confirmed at any instant, yet never waits long. */
    @Test
    void shouldStayQuietWhileTheSinkKeepsUpWithASteadyFlow() {
        for (int i = 1; i <= 40; i++) {
            Instant at = T0.plusSeconds(30L * i);
            changes.pipeInput("S001|TEE-M", change("S001", "TEE-M", i), at);
            if (i > 1) {
                receipts.pipeInput("1|TEE-M", receipt("S001", 1, "TEE-M", i - 1, SyncStatus.CONFIRMED, at.plusSeconds(1)));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(30));
        }
        assertThat(stalls()).isEmpty();
    }

    private List<ReconciliationException> stalls() {
        return exceptions.readValuesToList().stream().filter(e -> e.getType() == ExceptionType.SYNC_STALLED).toList();
    }

    private static StockChange change(String location, String sku, long sequence) {
        return StockChange.newBuilder().setLocationId(location).setSku(sku).setSequence(sequence).setDelta(-1)
                .setOnHandAfter(10).setReason("SALE").setCauseEventIds(List.of("e" + sequence)).setOccurredAt(T0)
                .build();
    }

    private static SyncReceipt receipt(String location, int warehouse, String sku, long sequence, SyncStatus status,
                                       Instant at) {
        return SyncReceipt.newBuilder().setWarehouseId(warehouse).setSku(sku).setLocationId(location)
                .setConfirmedSequence(sequence).setDelta(-1).setMutationId("tillstream:m" + sequence)
                .setStatus(status).setAt(at).build();
    }
}
