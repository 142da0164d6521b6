package io.tillstream.ingest.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key: a request takes a token, tokens come back at {@code perSecond} up to
 * {@code burst}. Pure and clock-injected so the arithmetic is tested without waiting.
 */
public final class TokenBuckets {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate-limit needs per-second > 0 and burst >= 1, got "
                    + perSecond + " and " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** @return 0 if the key may proceed (a token was taken), else the nanoseconds until a token is back */
    public long tryAcquire(String key) {
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / NANOS_PER_SECOND);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / perSecond);
        }
    }
}
