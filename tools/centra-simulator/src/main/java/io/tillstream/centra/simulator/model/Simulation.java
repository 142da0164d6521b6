package io.tillstream.centra.simulator.model;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The simulated tenant's state behind one lock. Every reader and writer (GraphQL, the control
 * endpoints, the Java API) goes through {@link #locked}, so a GraphQL request, including several
 * aliased mutations, is applied as one step with nothing interleaved. The lock is reentrant so
 * data fetchers running inside a locked request can call {@link #locked} again.
 */
public final class Simulation {

    /** What changes the tenant, as the journal records it. */
    public enum Change {
        /** A GraphQL request with at least one mutation: {@code query}, {@code variables}, {@code operationName}. */
        GRAPHQL,
        /** {@code POST /_sim/catalog} or {@link io.tillstream.centra.simulator.CentraSimulator#applyCatalog}. */
        CATALOG,
        /** {@code POST /_sim/stock}, an admin's edit. */
        MANUAL_EDIT,
        /** {@code POST /_sim/orders}. */
        ORDER,
        /** {@code POST /_sim/orders/{id}/ship}. */
        SHIPMENT
    }

    /** Where changes are recorded before they are applied. */
    public interface ChangeLog {
        ChangeLog NONE = (at, change, input) -> {
        };

        void append(Instant at, Change change, Object input);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final SimulationState state;
    private volatile ChangeLog changes = ChangeLog.NONE;

    public Simulation(final Clock clock) {
        this.state = new SimulationState(clock);
    }

    /** From now on every {@link #change} is recorded in {@code log} first. */
    public void recordChangesIn(final ChangeLog log) {
        this.changes = log;
    }

    /**
     * Records a change, then applies it, as one step under the lock: the journal holds the changes
     * in the order they were applied, and none is applied (or answered) unless it was recorded.
     */
    public <T> T change(final Change change, final Object input, final Function<SimulationState, T> work) {
        return locked(s -> {
            changes.append(s.now(), change, input);
            return work.apply(s);
        });
    }

    /** Replays a recorded change as it was first applied: with the clock at {@code at}, recording nothing. */
    public void replay(final Instant at, final Runnable change) {
        lockedRun(s -> {
            s.pinClock(at);
            try {
                change.run();
            } finally {
                s.pinClock(null);
            }
        });
    }

    public <T> T locked(final Function<SimulationState, T> work) {
        lock.lock();
        try {
            return work.apply(state);
        } finally {
            lock.unlock();
        }
    }

    public void lockedRun(final Consumer<SimulationState> work) {
        locked(s -> {
            work.accept(s);
            return null;
        });
    }
}
