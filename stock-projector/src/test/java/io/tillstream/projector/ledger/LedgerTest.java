package io.tillstream.projector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.projector.ledger.Movement.Effect;
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
        Ledger.Result r = Ledger.apply(new Position(5, 0, 3, 3, T0), move(Effect.TO_INSPECTION, 2));
        assertThat(r.position().onHand()).isEqualTo(5);
        assertThat(r.position().pendingInspection()).isEqualTo(2);
        assertThat(r.onHandDelta()).isZero();
        assertThat(r.position().sequence()).as("no sellable change, no sequence").isEqualTo(3);
        assertThat(r.position().version()).isEqualTo(4);
    }

    @Test
    void shouldMoveRestockedUnitsFromInspectionToOnHand() {
        Ledger.Result r = Ledger.apply(new Position(5, 2, 3, 3, T0), move(Effect.INSPECTION_TO_ON_HAND, 2));
        assertThat(r.position().onHand()).isEqualTo(7);
        assertThat(r.position().pendingInspection()).isZero();
        assertThat(r.onHandDelta()).isEqualTo(2);
    }

    @Test
    void shouldDropWrittenOffUnitsFromInspection() {
        Ledger.Result r = Ledger.apply(new Position(5, 2, 3, 3, T0), move(Effect.INSPECTION_WRITTEN_OFF, 1));
        assertThat(r.position().pendingInspection()).isEqualTo(1);
        assertThat(r.onHandDelta()).isZero();
    }

    @Test
    void shouldSetOnHandToTheCountAndReportTheDifference() {
        Ledger.Result r = Ledger.apply(new Position(5, 0, 3, 3, T0), move(Effect.COUNT, 9));
        assertThat(r.position().onHand()).isEqualTo(9);
        assertThat(r.onHandDelta()).isEqualTo(4);
    }

    @Test
    void shouldLeaveThePositionAloneForAWriteOffAtTheTillOrAnUnchangedCount() {
        Position p = new Position(5, 0, 3, 3, T0);
        assertThat(Ledger.apply(p, move(Effect.NONE, 1)).position()).isSameAs(p);
        assertThat(Ledger.apply(p, move(Effect.COUNT, 5)).position()).isSameAs(p);
    }

    @Test
    void shouldNeverReportNegativeAvailableToSell() {
        assertThat(Ledger.ats(-3, 0)).isZero();
        assertThat(Ledger.ats(5, 2)).isEqualTo(3);
        assertThat(Ledger.ats(2, 5)).isZero();
    }
}
