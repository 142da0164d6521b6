package io.tillstream.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.ledger.Movement.Effect;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static Movement move(Effect effect, int quantity) {
        return new Movement("S001", "SKU-1", effect, quantity, "E1", "TEST", T0);
    }

    @Test
    void shouldLowerOnHandOnASaleAndStartTheSequence() {
        Ledger.Result r = Ledger.apply(Position.EMPTY, move(Effect.ON_HAND, -2));
        assertThat(r.position().onHand()).isEqualTo(-2);
        assertThat(r.onHandDelta()).isEqualTo(-2);
        assertThat(r.position().sequence()).isEqualTo(1);
        assertThat(r.position().version()).isEqualTo(1);
        assertThat(r.position().asOf()).isEqualTo(T0);
    }

    @Test
    void shouldHoldInspectedReturnsOutOfSellableStock() {
        Ledger.Result r = Ledger.apply(new Position(5, 0, 3, 3, T0, null), move(Effect.TO_INSPECTION, 2));
        assertThat(r.position().onHand()).isEqualTo(5);
        assertThat(r.position().pendingInspection()).isEqualTo(2);
        assertThat(r.onHandDelta()).isZero();
        assertThat(r.position().sequence()).as("no sellable change, no sequence").isEqualTo(3);
        assertThat(r.position().version()).isEqualTo(4);
    }

    @Test
    void shouldMoveRestockedUnitsFromInspectionToOnHand() {
        Ledger.Result r = Ledger.apply(new Position(5, 2, 3, 3, T0, null), move(Effect.INSPECTION_TO_ON_HAND, 2));
        assertThat(r.position().onHand()).isEqualTo(7);
        assertThat(r.position().pendingInspection()).isZero();
        assertThat(r.onHandDelta()).isEqualTo(2);
    }

    @Test
    void shouldDropWrittenOffUnitsFromInspection() {
        Ledger.Result r = Ledger.apply(new Position(5, 2, 3, 3, T0, null), move(Effect.INSPECTION_WRITTEN_OFF, 1));
        assertThat(r.position().pendingInspection()).isEqualTo(1);
        assertThat(r.onHandDelta()).isZero();
    }

    @Test
    void shouldSetOnHandToTheCountAndReportTheDifference() {
        Ledger.Result r = Ledger.count(new Position(5, 0, 3, 3, T0, null), move(Effect.COUNT, 9), 0);
        assertThat(r.position().onHand()).isEqualTo(9);
        assertThat(r.onHandDelta()).isEqualTo(4);
        assertThat(r.position().lastCountedAt()).isEqualTo(T0);
    }

    @Test
    void shouldAddTheMovementsThatOccurredAfterALateCount() {
        Position p = new Position(5, 0, 3, 3, T0.plusSeconds(60), null);
        Ledger.Result r = Ledger.count(p, move(Effect.COUNT, 9), -2);
        assertThat(r.position().onHand()).as("counted 9 at T0, then 2 sold after it").isEqualTo(7);
        assertThat(r.position().asOf()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void shouldNotChangeOnHandForAMovementTheLatestCountIncluded() {
        Position counted = new Position(5, 1, 3, 3, T0, T0);
        Ledger.Result sale = Ledger.apply(counted, move(Effect.ON_HAND, -2));
        assertThat(sale.position()).isSameAs(counted);
        assertThat(sale.alreadyCounted()).isTrue();

        Ledger.Result restocked = Ledger.apply(counted, move(Effect.INSPECTION_TO_ON_HAND, 1));
        assertThat(restocked.position().onHand()).as("the count saw it on the shelf").isEqualTo(5);
        assertThat(restocked.position().pendingInspection()).as("inspection is not counted").isZero();
        assertThat(restocked.onHandDelta()).isZero();
    }

    @Test
    void shouldRejectACountOlderThanTheLatestOrThanThePlacementWindow() {
        Position counted = new Position(5, 0, 3, 3, T0.plus(Duration.ofDays(40)), T0.plus(Duration.ofDays(40)));
        assertThat(Ledger.countOutcome(counted, move(Effect.COUNT, 1), Duration.ofDays(30)))
                .isEqualTo(Ledger.CountOutcome.SUPERSEDED);
        Position uncounted = new Position(5, 0, 3, 3, T0.plus(Duration.ofDays(40)), null);
        assertThat(Ledger.countOutcome(uncounted, move(Effect.COUNT, 1), Duration.ofDays(30)))
                .isEqualTo(Ledger.CountOutcome.TOO_OLD);
        assertThat(Ledger.countOutcome(uncounted, move(Effect.COUNT, 1), Duration.ofDays(50)))
                .isEqualTo(Ledger.CountOutcome.APPLY);
    }

    @Test
    void shouldLeaveThePositionAloneForAWriteOffAtTheTillOrARepeatedCount() {
        Position p = new Position(5, 0, 3, 3, T0, T0);
        assertThat(Ledger.apply(p, move(Effect.NONE, 1)).position()).isSameAs(p);
        assertThat(Ledger.count(p, move(Effect.COUNT, 5), 0).position()).isSameAs(p);
    }

    @Test
    void shouldNeverReportNegativeAvailableToSell() {
        assertThat(Ledger.ats(-3, 0)).isZero();
        assertThat(Ledger.ats(5, 2)).isEqualTo(3);
        assertThat(Ledger.ats(2, 5)).isZero();
    }
}
