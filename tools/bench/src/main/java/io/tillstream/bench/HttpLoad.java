package io.tillstream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * HTTP load on loopback: closed-loop at a fixed concurrency (throughput), or open-loop at a fixed
 * rate (latency, measured from the intended send time so a stall is not hidden by fewer sends).
 */
final class HttpLoad {

    /** What a run measured; latencies in microseconds. */
    record Result(long ok, long failed, double seconds, long p50Micros, long p99Micros, long maxMicros) {

        double perSecond() {
            return ok / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final String url;
    private final int expectedStatus;
    private final LongFunction<String[]> request;

    /**
     * @param expectedStatus the status of a success (202 for one transaction, 200 for a batch)
     * @param request        for the n-th request: {bearer token, JSON body}
     */
    HttpLoad(String url, int expectedStatus, LongFunction<String[]> request) {
        this.url = url;
        this.expectedStatus = expectedStatus;
        this.request = request;
    }

    Result closedLoop(int concurrency, Duration duration) throws InterruptedException {
        long[] latencies = new long[5_000_000];
        AtomicInteger count = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.execute(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    if (send(sequence.getAndIncrement())) {
                        int i = count.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[i] = (System.nanoTime() - t0) / 1_000;
                        }
                    } else {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS);
        return result(latencies, Math.min(count.get(), latencies.length), failed.get(), System.nanoTime() - start);
    }

    Result openLoop(int perSecond, Duration duration) throws InterruptedException {
        int total = (int) (perSecond * duration.toSeconds());
        long[] latencies = new long[total];
        AtomicInteger count = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(64);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        AtomicLong sequence = new AtomicLong();
        ticker.scheduleAtFixedRate(() -> {
            long n = sequence.getAndIncrement();
            if (n >= total) {
                return;
            }
            long intended = start + n * periodNanos;
            senders.execute(() -> {
                if (send(1_000_000_000L + n)) {
                    latencies[count.getAndIncrement()] = (System.nanoTime() - intended) / 1_000;
                } else {
                    failed.incrementAndGet();
                }
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sequence.get() < total) {
            Thread.sleep(50);
        }
        ticker.shutdownNow();
        senders.shutdown();
        senders.awaitTermination(60, TimeUnit.SECONDS);
        return result(latencies, count.get(), failed.get(), System.nanoTime() - start);
    }

    private boolean send(long n) {
        String[] tokenAndBody = request.apply(n);
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(15))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + tokenAndBody[0])
                            .POST(HttpRequest.BodyPublishers.ofString(tokenAndBody[1])).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == expectedStatus;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Result result(long[] latencies, int n, long failed, long nanos) {
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Result(n, failed, nanos / 1e9, percentile(sorted, 0.50), percentile(sorted, 0.99),
                n == 0 ? 0 : sorted[n - 1]);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }
}
