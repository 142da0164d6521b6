package io.tillstream.centra.sink.config;

import java.util.Arrays;

/** Centra's rate-limit tiers (mutations per 10 s and per hour, shared by all integrations of a tenant). */
public enum RateTier {
    GROWTH(20, 1_800),
    ENHANCED(50, 4_500),
    HIGH_VOLUME(150, 7_000),
    ENTERPRISE(500, 25_000);

    private final int mutationsPer10s;
    private final int mutationsPerHour;

    RateTier(int mutationsPer10s, int mutationsPerHour) {
        this.mutationsPer10s = mutationsPer10s;
        this.mutationsPerHour = mutationsPerHour;
    }

    public int mutationsPer10s() {
        return mutationsPer10s;
    }

    public int mutationsPerHour() {
        return mutationsPerHour;
    }

    static String[] names() {
        return Arrays.stream(values()).map(Enum::name).toArray(String[]::new);
    }
}
