package io.tillstream.centra.simulator.ratelimit;

/**
 * A token bucket as Centra describes its limits: full at {@code capacity}, refilled at a constant
 * {@code capacity / interval} up to capacity. Tokens may go below zero for complexity, which is
 * only known after a query ran; the debt then delays the next call. Not thread-safe.
 */
final class TokenBucket {

    private final long capacity;
    private final long intervalMillis;
    private double tokens;
    private long lastMillis;

    TokenBucket(final long capacity, final long intervalMillis, final long nowMillis) {
        this.capacity = capacity;
        this.intervalMillis = intervalMillis;
        this.tokens = capacity;
        this.lastMillis = nowMillis;
    }

    long capacity() {
        return capacity;
    }

    boolean has(final double amount, final long nowMillis) {
        refill(nowMillis);
        return tokens >= amount;
    }

    void take(final double amount, final long nowMillis) {
        refill(nowMillis);
        tokens -= amount;
    }

    /** Milliseconds until {@code amount} tokens are there; 0 if they are now. */
    long millisUntil(final double amount, final long nowMillis) {
        refill(nowMillis);
        if (tokens >= amount) {
            return 0;
        }
        return (long) Math.ceil((amount - tokens) * intervalMillis / capacity);
    }

    long remaining(final long nowMillis) {
        refill(nowMillis);
        return Math.max(0, (long) Math.floor(tokens));
    }

    private void refill(final long nowMillis) {
        // A clock stepping backwards (tests) must neither refill nor drain.
        if (nowMillis > lastMillis) {
            tokens = Math.min(capacity, tokens + (double) (nowMillis - lastMillis) * capacity / intervalMillis);
            lastMillis = nowMillis;
        }
    }
}
