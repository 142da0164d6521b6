package io.tillstream.centra.simulator.model;

import java.time.Clock;
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

    private final ReentrantLock lock = new ReentrantLock();
    private final SimulationState state;

    public Simulation(final Clock clock) {
        this.state = new SimulationState(clock);
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
