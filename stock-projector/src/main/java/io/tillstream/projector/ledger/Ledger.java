package io.tillstream.projector.ledger;

/**
 * The stock rules, as pure functions: no Kafka types, so they are tested with plain JUnit and
 * the topology only wires them to state stores.
 */
public final class Ledger {

    private Ledger() {
    }

    /** The result of applying a movement: the new position and the change of sellable on-hand it caused. */
    public record Result(Position position, int onHandDelta) {

        public boolean changed(Position before) {
            return !position.equals(before);
        }
    }

    public static Result apply(Position p, Movement m) {
        int onHand = p.onHand();
        int pending = p.pendingInspection();
        switch (m.effect()) {
            case ON_HAND -> onHand += m.quantity();
            case TO_INSPECTION -> pending += m.quantity();
            case INSPECTION_TO_ON_HAND -> {
                pending -= m.quantity();
                onHand += m.quantity();
            }
            case INSPECTION_WRITTEN_OFF -> pending -= m.quantity();
            case COUNT -> onHand = m.quantity();
            case NONE -> {
                return new Result(p, 0);
            }
        }
        int delta = onHand - p.onHand();
        if (delta == 0 && pending == p.pendingInspection()) {
            return new Result(p, 0);
        }
        Position next = new Position(onHand, pending, p.version() + 1, delta == 0 ? p.sequence() : p.sequence() + 1,
                m.occurredAt().isAfter(p.asOf()) ? m.occurredAt() : p.asOf());
        return new Result(next, delta);
    }

    /** Available-to-sell: never negative, even when the ledger is. */
    public static int ats(int onHand, int safetyBuffer) {
        return Math.max(0, onHand - safetyBuffer);
    }
}
