package io.tillstream.centra.simulator.model;

import java.time.Clock;
import java.time.Instant;

/**
 * Everything a Centra tenant would persist, plus the clock used to time-stamp it. Reach it only
 * through {@link Simulation#locked}.
 */
public final class SimulationState {

    private final Clock clock;
    private final Catalog catalog = new Catalog();
    private final StockLedger ledger = new StockLedger();
    private final EventQueue events = new EventQueue();
    private final OrderBook orders = new OrderBook();
    private final StoreLag storeLag = new StoreLag();
    private final IdSequence ids = new IdSequence();
    private Instant pinned;

    SimulationState(final Clock clock) {
        this.clock = clock;
    }

    public Catalog catalog() {
        return catalog;
    }

    public StockLedger ledger() {
        return ledger;
    }

    public EventQueue events() {
        return events;
    }

    public OrderBook orders() {
        return orders;
    }

    public StoreLag storeLag() {
        return storeLag;
    }

    public IdSequence ids() {
        return ids;
    }

    public Instant now() {
        return pinned != null ? pinned : clock.instant();
    }

    /** While a journalled change is replayed, "now" is when it was first applied; null lets time run. */
    void pinClock(final Instant at) {
        this.pinned = at;
    }

    /** Queues an event if the integration listens for it; Centra records nothing otherwise. */
    public void emit(final EventObjectType type, final EventChangeType change, final long objectReference) {
        emit(type, change, objectReference, null);
    }

    /** As {@link #emit(EventObjectType, EventChangeType, long)}, for an object of a market (an order). */
    public void emit(final EventObjectType type, final EventChangeType change, final long objectReference,
                     final Integer marketId) {
        if (events.isListening(type, change)) {
            events.enqueue(new Event(ids.next(IdSequence.EVENT), type, change, objectReference, now(), marketId));
        }
    }

    public StateSnapshot snapshot() {
        return new StateSnapshot(StateSnapshot.FORMAT_VERSION, catalog.warehouses(), catalog.markets(),
                catalog.products(), catalog.variants(), catalog.sizes(), ledger.all(), ledger.changes(),
                events.listeners(), events.pending(), orders.orders(), orders.oversellAttempts(), ids.export(), null);
    }

    /** Loads a snapshot into this (fresh) state. */
    public void restore(final StateSnapshot snapshot) {
        snapshot.warehouses().forEach(catalog::add);
        snapshot.markets().forEach(catalog::add);
        snapshot.products().forEach(catalog::add);
        snapshot.variants().forEach(catalog::add);
        snapshot.sizes().forEach(catalog::add);
        snapshot.stock().forEach(ledger::put);
        snapshot.stockChanges().forEach(ledger::record);
        snapshot.listeners().forEach(events::restore);
        snapshot.events().forEach(events::enqueue);
        snapshot.orders().forEach(orders::put);
        orders.restoreOversellAttempts(snapshot.oversellAttempts());
        ids.restore(snapshot.ids());
    }
}
