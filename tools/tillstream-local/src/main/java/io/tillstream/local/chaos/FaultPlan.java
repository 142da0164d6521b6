package io.tillstream.local.chaos;

import io.tillstream.local.cluster.ClusterPlan.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which processes die when: every kind once, one at a time, in a random order; then, while time is
 * left, one or two at once (two different kinds), each after a random quiet spell and down for a
 * random pause. Seeded, so a failing run can be repeated.
 */
final class FaultPlan {

    static final List<Kind> KINDS = List.of(Kind.BROKER, Kind.CONNECT, Kind.PROJECTOR, Kind.RECONCILIATION, Kind.INGEST);

    /**
     * One fault.
     *
     * @param kinds     what is killed (one process of each kind, chosen at random)
     * @param quietFor  how long to wait before the kill
     * @param downFor   how long the killed processes stay down before they are restarted
     */
    record Fault(List<Kind> kinds, Duration quietFor, Duration downFor) {
        String label() {
            return String.join(" + ", kinds.stream().map(k -> k.name().toLowerCase()).toList());
        }
    }

    private final Random random;
    private final Duration minQuiet;
    private final Duration maxQuiet;
    private final Duration minDown;
    private final Duration maxDown;

    FaultPlan(long seed, Duration minQuiet, Duration maxQuiet, Duration minDown, Duration maxDown) {
        this.random = new Random(seed);
        this.minQuiet = minQuiet;
        this.maxQuiet = maxQuiet;
        this.minDown = minDown;
        this.maxDown = maxDown;
    }

    /** The first faults: each kind alone, shuffled. */
    List<Fault> singles() {
        List<Kind> kinds = new ArrayList<>(KINDS);
        Collections.shuffle(kinds, random);
        return kinds.stream().map(k -> fault(List.of(k))).toList();
    }

    /** After the singles: one or two kinds at once. */
    Fault next() {
        Kind first = KINDS.get(random.nextInt(KINDS.size()));
        if (random.nextBoolean()) {
            return fault(List.of(first));
        }
        Kind second;
        do {
            second = KINDS.get(random.nextInt(KINDS.size()));
        } while (second == first);
        return fault(List.of(first, second));
    }

    int pick(int instances) {
        return random.nextInt(instances);
    }

    private Fault fault(List<Kind> kinds) {
        return new Fault(kinds, between(minQuiet, maxQuiet), between(minDown, maxDown));
    }

    private Duration between(Duration min, Duration max) {
        return min.plusMillis((long) (random.nextDouble() * (max.toMillis() - min.toMillis())));
    }
}
