package io.tillstream.centra.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * This task's share of one of Centra's rate budgets, over 10 s and 1 h: its mutations, or its
 * requests of any kind (reads included); {@link #metered()} says which. Centra limits both per
 * tenant and tier (see {@link RateTier}), and the sink and the source connectors draw on them. Sliding
 * windows, not token buckets: a bucket that starts full and refills over 10 s lets twice its size
 * through in one 10 s window, and the share is what other integrations of the tenant count on us not
 * to exceed in <em>any</em> window. A 429 pauses everything until Centra's Retry-After. A restarted
 * sink task charges what the receipt journal says was sent recently, so it cannot exceed its share
 * by restarting.
 */
public final class RateBudget {

    /**
     * A mutation is counted from the moment its token is taken, but Centra counts it when the
     * request arrives (after the receipt write and the network): it stays in our windows this
     * much longer, so a window measured by Centra's clock never holds more than the share.
     */
    static final Duration ARRIVAL_MARGIN = Duration.ofSeconds(1);

    /** What a budget counts: Centra's two limits. */
    public enum Metered {
        MUTATIONS, REQUESTS
    }

    private final Metered metered;
    private final Window shortWindow;
    private final Window longWindow;
    private final Clock clock;
    private Instant pausedUntil = Instant.EPOCH;

    private RateBudget(Metered metered, double per10s, double perHour, Clock clock) {
        this.metered = metered;
        this.clock = clock;
        this.shortWindow = new Window(per10s, Duration.ofSeconds(10));
        this.longWindow = new Window(perHour, Duration.ofHours(1));
    }

    /** @param per10s mutations per 10 s (fractions below 1 mean one per proportionally longer window) */
    public static RateBudget mutations(double per10s, double perHour, Clock clock) {
        return new RateBudget(Metered.MUTATIONS, per10s, perHour, clock);
    }

    /** @param per10s requests per 10 s, reads included */
    public static RateBudget requests(double per10s, double perHour, Clock clock) {
        return new RateBudget(Metered.REQUESTS, per10s, perHour, clock);
    }

    public Metered metered() {
        return metered;
    }

    /** Takes one from both windows, or none if either is full or Centra asked us to wait. */
    public synchronized boolean tryAcquire() {
        long now = clock.millis();
        if (now < pausedUntil.toEpochMilli()) {
            return false;
        }
        if (shortWindow.full(now) || longWindow.full(now)) {
            return false;
        }
        shortWindow.add(now);
        longWindow.add(now);
        return true;
    }

    /** Charges what was sent before this budget existed (e.g. by the task this one replaces). */
    public synchronized void spentEarlier(List<Instant> sentAt) {
        sentAt.stream().map(Instant::toEpochMilli).sorted().forEach(at -> {
            shortWindow.add(at);
            longWindow.add(at);
        });
    }

    public synchronized void pauseUntil(Instant until) {
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    public synchronized Instant pausedUntil() {
        return pausedUntil;
    }

    /** Counted in the 10 s window now (for the used-of-budget metric). */
    public synchronized int usedShort() {
        return shortWindow.used(clock.millis());
    }

    /** Counted in the 1 h window now. */
    public synchronized int usedLong() {
        return longWindow.used(clock.millis());
    }

    /** How many one 10 s window allows. */
    public int capacityShort() {
        return shortWindow.capacity;
    }

    /** How many one 1 h window allows. */
    public int capacityLong() {
        return longWindow.capacity;
    }

    /** At most {@code capacity} in any span of {@code span}. */
    private static final class Window {
        private final int capacity;
        private final long spanMillis;
        private final ArrayDeque<Long> sent = new ArrayDeque<>();

        Window(double rate, Duration per) {
            if (rate <= 0) {
                throw new IllegalArgumentException("a budget must allow something, got " + rate);
            }
            this.capacity = (int) Math.max(1, Math.floor(rate));
            // 0.5 per 10 s is one per 20 s: the window grows so the rate is kept.
            this.spanMillis = (long) Math.ceil(per.toMillis() * capacity / rate) + ARRIVAL_MARGIN.toMillis();
        }

        boolean full(long now) {
            return used(now) >= capacity;
        }

        int used(long now) {
            while (!sent.isEmpty() && sent.peekFirst() <= now - spanMillis) {
                sent.pollFirst();
            }
            return sent.size();
        }

        void add(long at) {
            sent.addLast(at);
        }
    }
}
