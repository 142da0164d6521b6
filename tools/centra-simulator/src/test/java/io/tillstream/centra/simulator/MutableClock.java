package io.tillstream.centra.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it, so rate limits and fault durations are exact. */
final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    MutableClock(final Instant start) {
        this.now = new AtomicReference<>(start);
    }

    void advance(final Duration step) {
        now.updateAndGet(i -> i.plus(step));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        return this;
    }
}
