package io.tillstream.local.chaos;

import io.tillstream.local.sample.SampleCatalog;
import io.tillstream.local.sample.SampleStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tills whose every event has a stock effect anyone can compute: a sale of one unit, or a delivery
 * of a carton. They keep their own record of what they sent, independent of the pipeline, and send an
 * event again with the same id, round the pos-ingest instances, until one acknowledges it (202).
 * {@link #expected()} is then what the ledger and Centra must hold: the opening counts plus every
 * event's effect, each once.
 */
final class ChaosTills implements AutoCloseable {

    /** One event as the till sent it. */
    record Sent(String id, String storeId, String sku, int delta, long firstSentNanos, long ackedNanos,
                long ackedMillis) {
        boolean acked() {
            return ackedNanos > 0;
        }
    }

    private static final int CARTON = 6;

    private final List<String> ingestUrls;
    private final List<SampleStore> stores;
    private final SampleCatalog catalog;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-tills");
        t.setDaemon(true);
        return t;
    });
    /** The model: what each store's shelves hold after every event sent so far (only the scheduler thread writes). */
    private final Map<String, Map<String, Integer>> shelves = new HashMap<>();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean generating = true;
    private long sequence;

    ChaosTills(List<String> ingestUrls, List<SampleStore> stores, SampleCatalog catalog, long seed) {
        this.ingestUrls = List.copyOf(ingestUrls);
        this.stores = stores;
        this.catalog = catalog;
        this.random = new Random(seed);
        for (SampleStore store : stores) {
            Map<String, Integer> counts = new HashMap<>();
            for (int[] count : catalog.openingCounts(store.storeId())) {
                counts.put(catalog.skus().get(count[0]).sku(), count[1]);
            }
            shelves.put(store.storeId(), counts);
        }
    }

    void start(double perSecond) {
        long period = Math.max(1, (long) (1_000_000 / perSecond));
        scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MICROSECONDS);
    }

    private void tick() {
        try {
            nextEvent();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: the tills would go quiet and the run could
            // pass on what little was sent
            System.err.println("chaos: the tills could not send an event: " + e);
        }
    }

    private void nextEvent() {
        if (!generating) {
            return;
        }
        SampleStore store = stores.get(random.nextInt(stores.size()));
        Map<String, Integer> onShelf = shelves.get(store.storeId());
        String id = store.storeId() + "-CH-" + (++sequence);
        if (random.nextInt(100) < 85) {
            List<String> sellable = onShelf.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                    .sorted().toList();
            if (sellable.isEmpty()) {
                return;
            }
            String sku = sellable.get(random.nextInt(sellable.size()));
            send(new Sent(id, store.storeId(), sku, -1, System.nanoTime(), 0, 0), "/v1/transactions", sale(id, store, sku));
        } else {
            String sku = onShelf.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            send(new Sent(id, store.storeId(), sku, CARTON, System.nanoTime(), 0, 0), "/v1/stock-adjustments",
                    """
                    {"adjustmentId": "%s", "storeId": "%s", "occurredAt": "%s", "reason": "RECEIVED",
                     "lines": [{"sku": "%s", "quantity": %d}]}""".formatted(id, store.storeId(), Instant.now(), sku,
                            CARTON));
        }
    }

    private String sale(String id, SampleStore store, String sku) {
        BigDecimal price = catalog.skus().stream().filter(s -> s.sku().equals(sku)).findFirst().orElseThrow().price()
                .setScale(2, RoundingMode.UNNECESSARY);
        return """
                {"transactionId": "%s", "storeId": "%s", "tillId": "T01", "type": "SALE", "occurredAt": "%s",
                 "currency": "GBP",
                 "lines": [{"sku": "%s", "quantity": 1, "unitPrice": "%s", "discount": "0.00", "tax": "0.00"}],
                 "tenders": [{"method": "CARD", "amount": "%s"}]}"""
                .formatted(id, store.storeId(), Instant.now(), sku, price.toPlainString(), price.toPlainString());
    }

    /** On the scheduler thread: the event is in the model from the moment it is sent; the till will not give up. */
    private void send(Sent event, String path, String body) {
        shelves.get(event.storeId()).merge(event.sku(), event.delta(), Integer::sum);
        sent.put(event.id(), event);
        attempt(event, path, body, (int) (sequence % ingestUrls.size()), 0);
    }

    private void attempt(Sent event, String path, String body, int instance, int attempt) {
        attempts.incrementAndGet();
        SampleStore store = stores.stream().filter(s -> s.storeId().equals(event.storeId())).findFirst().orElseThrow();
        http.sendAsync(HttpRequest.newBuilder(URI.create(ingestUrls.get(instance % ingestUrls.size()) + path))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + store.token())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() == 202) {
                        sent.computeIfPresent(event.id(), (id, e) -> e.acked() ? e : new Sent(e.id(), e.storeId(),
                                e.sku(), e.delta(), e.firstSentNanos(), System.nanoTime(), System.currentTimeMillis()));
                    } else if (error == null && response.statusCode() / 100 == 4 && response.statusCode() != 408
                            && response.statusCode() != 429) {
                        // Never expected: the events are valid. Recorded as unacknowledged, so the run fails.
                        System.err.println("chaos: " + event.id() + " refused: HTTP " + response.statusCode() + " "
                                + response.body());
                    } else {
                        long delay = Math.min(2_000, 100L << Math.min(attempt, 5));
                        try {
                            scheduler.schedule(() -> attempt(event, path, body, instance + 1, attempt + 1), delay,
                                    TimeUnit.MILLISECONDS);
                        } catch (RejectedExecutionException stopped) {
                            // closed: the run is over
                        }
                    }
                });
    }

    /** No new events from now on; those sent keep being retried until acknowledged. */
    void stopGenerating() {
        generating = false;
    }

    long unacknowledged() {
        return sent.values().stream().filter(s -> !s.acked()).count();
    }

    List<Sent> sent() {
        return new ArrayList<>(sent.values());
    }

    int attempts() {
        return attempts.get();
    }

    /** storeId → sku → on hand, as the pipeline must end up. Call once generation stopped. */
    Map<String, Map<String, Integer>> expected() {
        try {
            return scheduler.submit(() -> {
                Map<String, Map<String, Integer>> copy = new HashMap<>();
                shelves.forEach((store, counts) -> copy.put(store, new HashMap<>(counts)));
                return copy;
            }).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the tills' record", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
