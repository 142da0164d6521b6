package io.tillstream.domain.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * The stock rules, as pure functions: no Kafka types, so they are tested with plain JUnit and
 * the topology only wires them to state stores.
 *
 * <p>Stocktakes are placed by event time: a count c at T means "on-hand was c at T". A movement
 * that occurred at or before the latest count was in the count, so it never changes on-hand again,
 * however late it arrives; a count that arrives after movements that occurred later than it is
 * applied as c plus those movements. Pending inspection is not counted, so it always moves.
 */
public final class Ledger {

    private Ledger() {
    }

    /**
     * The result of applying a movement.
     *
     * @param onHandDelta     the change of sellable on-hand it caused
     * @param alreadyCounted  its on-hand effect was dropped: a later stocktake had counted it
     */
    public record Result(Position position, int onHandDelta, boolean alreadyCounted) {
    }

    /** What to do with a stocktake count, given the key's position. */
    public enum CountOutcome {
        APPLY,
        /** A later count of this key was already applied: this one describes the past. */
        SUPERSEDED,
        /** Older than the movements kept to place it in time: applying it could produce a wrong figure. */
        TOO_OLD
    }

    /** Applies a movement that is not a count. */
    public static Result apply(Position p, Movement m) {
        if (m.effect() == Movement.Effect.COUNT) {
            throw new IllegalArgumentException("A count needs the movements after it: use Ledger.count");
        }
        int q = m.quantity();
        int onHandChange = switch (m.effect()) {
            case ON_HAND, INSPECTION_TO_ON_HAND -> q;
            default -> 0;
        };
        int pendingChange = switch (m.effect()) {
            case TO_INSPECTION -> q;
            case INSPECTION_TO_ON_HAND, INSPECTION_WRITTEN_OFF -> -q;
            default -> 0;
        };
        boolean alreadyCounted = onHandChange != 0 && p.countedSince(m.occurredAt());
        if (alreadyCounted) {
            onHandChange = 0;
        }
        if (onHandChange == 0 && pendingChange == 0) {
            return new Result(p, 0, alreadyCounted);
        }
        Position next = new Position(p.onHand() + onHandChange, p.pendingInspection() + pendingChange,
                p.version() + 1, onHandChange == 0 ? p.sequence() : p.sequence() + 1, later(p.asOf(), m.occurredAt()),
                p.lastCountedAt());
        return new Result(next, onHandChange, alreadyCounted);
    }

    public static CountOutcome countOutcome(Position p, Movement count, Duration placementWindow) {
        if (p.lastCountedAt() != null && count.occurredAt().isBefore(p.lastCountedAt())) {
            return CountOutcome.SUPERSEDED;
        }
        if (count.occurredAt().isBefore(p.asOf().minus(placementWindow))) {
            return CountOutcome.TOO_OLD;
        }
        return CountOutcome.APPLY;
    }

    /**
     * Applies a count whose {@link #countOutcome} is APPLY.
     *
     * @param movedAfter the on-hand movements already applied that occurred after the count
     */
    public static Result count(Position p, Movement count, int movedAfter) {
        int onHand = count.quantity() + movedAfter;
        int delta = onHand - p.onHand();
        if (delta == 0 && count.occurredAt().equals(p.lastCountedAt())) {
            return new Result(p, 0, false);
        }
        Position next = new Position(onHand, p.pendingInspection(), p.version() + 1,
                delta == 0 ? p.sequence() : p.sequence() + 1, later(p.asOf(), count.occurredAt()), count.occurredAt());
        return new Result(next, delta, false);
    }

    /** Available-to-sell: never negative, even when the ledger is. */
    public static int ats(int onHand, int safetyBuffer) {
        return Math.max(0, onHand - safetyBuffer);
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
