package io.tillstream.local.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What ecommerce sees while faults happen, sampled every 500 ms: whether {@code /v1/stock} answers on any
 * projector instance (either answers for every SKU).
 */
final class Probes implements AutoCloseable {

    /** One look: whether any projector answered 200. */
    record Sample(long nanos, boolean stockAnswered) {
    }

    private static final long PERIOD_MS = 500;

    private final List<String> projectors;
    private final String sku;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final String token;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-probes");
        t.setDaemon(true);
        return t;
    });

    /** @param token a STOCK_READER token, as the webshop reading stock holds one */
    Probes(List<String> projectors, String sku, String token) {
        this.projectors = projectors;
        this.sku = sku;
        this.token = token;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::sample, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        samples.add(new Sample(System.nanoTime(), projectors.stream().anyMatch(this::answers)));
    }

    private boolean answers(String projector) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(projector + "/v1/stock/" + sku))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Seconds within [from, to] in which no projector answered /v1/stock: each unanswered sample counts
     * until the next one (a sample whose requests time out takes longer than the period).
     */
    double secondsWithoutStock(long from, long to) {
        List<Sample> all = List.copyOf(samples);
        long nanos = 0;
        for (int i = 0; i + 1 < all.size(); i++) {
            Sample s = all.get(i);
            if (s.nanos() >= from && s.nanos() <= to && !s.stockAnswered()) {
                nanos += all.get(i + 1).nanos() - s.nanos();
            }
        }
        return nanos / 1e9;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
