package io.tillstream.centra.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds exchanges of the TIMEOUT fault open without an answer and without a thread: a client sees
 * a request that was applied but never acknowledged, and gives up on its own timeout. After
 * {@code hold} the connection is dropped so no socket lives forever.
 */
final class ExchangeParker implements AutoCloseable {

    private final Duration hold;
    private final Set<HttpExchange> parked = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "centra-sim-timeout");
        t.setDaemon(true);
        return t;
    });

    ExchangeParker(final Duration hold) {
        this.hold = hold;
    }

    void park(final HttpExchange exchange) {
        parked.add(exchange);
        timer.schedule(() -> release(exchange), hold.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void release(final HttpExchange exchange) {
        if (parked.remove(exchange)) {
            // Closing an exchange whose headers were never sent closes the connection itself.
            exchange.close();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        parked.forEach(this::release);
    }
}
