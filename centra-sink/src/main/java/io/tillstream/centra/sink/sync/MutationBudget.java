package io.tillstream.centra.sink.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * This task's share of Centra's mutation budget: token buckets over 10 s and 1 h, as Centra
 * counts them, starting full as Centra's do. A 429 pauses everything until Centra's Retry-After.
 * A restarted task charges what the receipt journal says was sent recently, so it cannot exceed
 * its share by restarting.
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

    /** Charges mutations sent before this budget existed, each as far refilled as its age allows. */
    public synchronized void spentEarlier(List<Instant> sentAt) {
        long now = clock.millis();
        for (Instant at : sentAt) {
            shortWindow.charge(now - at.toEpochMilli());
            longWindow.charge(now - at.toEpochMilli());
        }
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

        /** One token spent {@code ageMillis} ago: the part refilled since is not charged. */
        void charge(long ageMillis) {
            tokens -= Math.max(0, 1 - Math.max(0, ageMillis) * perMilli);
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perMilli);
            last = now;
        }
    }
}
