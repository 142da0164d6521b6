package io.tillstream.centra.simulator.http;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one active fault of {@code /graphql}, set through {@code POST /_sim/faults}. A fault ends
 * after {@code count} hits, after {@code durationMs}, whichever comes first, or when cleared; with
 * a {@code probability} below 1 each request rolls a seeded {@link Random}, so a run replays.
 */
public final class FaultInjector {

    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

    /** What a faulted request gets. */
    public enum Mode {
        /** HTTP 500 with a GraphQL-shaped error; nothing applied. */
        HTTP_500,
        /** HTTP 429 with a Retry-After timestamp; nothing applied. */
        HTTP_429,
        /** The request is applied, then never answered. */
        TIMEOUT,
        /** The connection is closed without a response; nothing applied. */
        DOWN,
        /**
         * HTTP 200 with {@code "data": null} and an {@code errors} entry: what a GraphQL server
         * answers when a non-null root field fails while running. Nothing applied.
         */
        GRAPHQL_ERROR,
        /**
         * A mutation is held {@code delayMs} before it is applied and answered: a client that gives
         * up sooner does not know the outcome, and the mutation is applied after it gave up.
         */
        SLOW
    }

    /** The body of {@code POST /_sim/faults}. */
    public record FaultSpec(Mode mode, Long durationMs, Integer count, Double probability, Long seed, Long delayMs) {
    }

    private final Clock clock;
    private Random random;
    private FaultSpec active;
    private Instant until;
    private Integer remaining;
    /** Descriptions of the mutations applied under a TIMEOUT fault, whose answers were withheld, oldest first. */
    private final java.util.List<String> withheld = new java.util.ArrayList<>();

    public FaultInjector(final Clock clock, final Random random) {
        this.clock = clock;
        this.random = random;
    }

    /** Replaces the active fault. @throws IllegalArgumentException for an invalid spec */
    public synchronized void set(final FaultSpec spec) {
        if (spec == null || spec.mode() == null) {
            throw new IllegalArgumentException("mode is required: one of HTTP_500, HTTP_429, TIMEOUT, DOWN, GRAPHQL_ERROR, SLOW");
        }
        if (spec.durationMs() != null && spec.durationMs() <= 0 || spec.count() != null && spec.count() <= 0) {
            throw new IllegalArgumentException("durationMs and count must be positive when given");
        }
        if (spec.mode() == Mode.SLOW && (spec.delayMs() == null || spec.delayMs() <= 0)) {
            throw new IllegalArgumentException("SLOW needs a positive delayMs");
        }
        if (spec.probability() != null && (spec.probability() < 0 || spec.probability() > 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1");
        }
        if (spec.seed() != null) {
            random = new Random(spec.seed());
        }
        active = spec;
        until = spec.durationMs() != null ? clock.instant().plusMillis(spec.durationMs()) : null;
        remaining = spec.count();
        log.info("Fault {} set (durationMs={}, count={}, probability={})", spec.mode(), spec.durationMs(),
                spec.count(), spec.probability());
    }

    public synchronized void clear() {
        if (active != null) {
            log.info("Fault {} cleared", active.mode());
        }
        active = null;
    }

    /**
     * Decides the fault, if any, for the next request and uses up one of its count. TIMEOUT is
     * not decided here but by {@link #withholdAnswerToMutation()}: it is about a mutation that is
     * applied and never answered, so reads neither take it nor use it up.
     */
    public synchronized Optional<Mode> next() {
        if (active == null || active.mode() == Mode.TIMEOUT || active.mode() == Mode.SLOW) {
            return Optional.empty();
        }
        return take();
    }

    /** Whether a TIMEOUT fault takes this mutation (and one of its count): applied, never answered. */
    public synchronized boolean withholdAnswerToMutation() {
        return active != null && active.mode() == Mode.TIMEOUT && take().isPresent();
    }

    /**
     * Notes a mutation applied under a TIMEOUT fault, so a test can tell which one is in doubt (requests
     * already in flight when the fault was set land around it).
     */
    public synchronized void withheld(String description) {
        withheld.add(description);
    }

    /** How long a SLOW fault holds this mutation before applying it (using up one of its count); 0 if none. */
    public synchronized long holdMutationMillis() {
        if (active == null || active.mode() != Mode.SLOW) {
            return 0;
        }
        final long delay = active.delayMs();
        return take().isPresent() ? delay : 0;
    }

    private Optional<Mode> take() {
        if (until != null && !clock.instant().isBefore(until)) {
            clear();
            return Optional.empty();
        }
        final double probability = active.probability() != null ? active.probability() : 1.0;
        if (random.nextDouble() >= probability) {
            return Optional.empty();
        }
        final Mode mode = active.mode();
        if (remaining != null && --remaining == 0) {
            clear();
        }
        return Optional.of(mode);
    }

    /** The active fault for {@code GET /_sim/faults}; {@code {"mode": null}} when there is none. */
    public synchronized Map<String, Object> describe() {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", active != null ? active.mode() : null);
        out.put("withheld", java.util.List.copyOf(withheld));
        if (active != null) {
            out.put("until", until);
            out.put("remaining", remaining);
            out.put("probability", active.probability() != null ? active.probability() : 1.0);
        }
        return out;
    }
}
