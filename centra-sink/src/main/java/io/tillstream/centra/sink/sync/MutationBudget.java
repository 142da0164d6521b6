package io.tillstream.centra.sink.sync;

import java.time.Clock;
import java.time.Instant;

/**
 * This task's share of Centra's mutation budget: token buckets over 10 s and 1 h, as Centra
 * counts them, starting full as Centra's do. A 429 pauses everything until Centra's Retry-After.
 * The buckets live in memory: a restart within the hour starts them full again (persisting the
 * spend, so a restart cannot exceed the share, is tracked in the sink issue).
 */
public final class MutationBudget {

    private final Bucket shortWindow;
    private final Bucket longWindow;
    private final Clock clock;
    private Instant pausedUntil = Instant.EPOCH;

    public MutationBudget(double per10s, double perHour, Clock clock) {
        this.clock = clock;
        long now = clock.millis();
        this.shortWindow = new Bucket(per10s, 10_000, now);
        this.longWindow = new Bucket(perHour, 3_600_000, now);
    }

    /** Takes one mutation from both windows, or none if either is empty or Centra asked us to wait. */
    public synchronized boolean tryAcquire() {
        long now = clock.millis();
        if (now < pausedUntil.toEpochMilli()) {
            return false;
        }
        shortWindow.refill(now);
        longWindow.refill(now);
        if (shortWindow.tokens < 1 || longWindow.tokens < 1) {
            return false;
        }
        shortWindow.tokens -= 1;
        longWindow.tokens -= 1;
        return true;
    }

    public synchronized void pauseUntil(Instant until) {
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    public synchronized Instant pausedUntil() {
        return pausedUntil;
    }

    private static final class Bucket {
        private final double capacity;
        private final double perMilli;
        private double tokens;
        private long last;

        Bucket(double capacity, long windowMillis, long now) {
            this.capacity = capacity;
            this.perMilli = capacity / windowMillis;
            this.tokens = capacity;
            this.last = now;
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perMilli);
            last = now;
        }
    }
}
