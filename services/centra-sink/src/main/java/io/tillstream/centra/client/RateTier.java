package io.tillstream.centra.client;

import java.util.Arrays;

/**
 * Centra's rate-limit tiers: requests and mutations per 10 s and per hour, shared by all
 * integrations of a tenant (complexity is left out: the sink's queries are far below it).
 */
public enum RateTier {
    GROWTH(60, 5_000, 20, 1_800),
    ENHANCED(150, 20_000, 50, 4_500),
    HIGH_VOLUME(450, 40_000, 150, 7_000),
    ENTERPRISE(1_500, 85_000, 500, 25_000);

    private final int requestsPer10s;
    private final int requestsPerHour;
    private final int mutationsPer10s;
    private final int mutationsPerHour;

    RateTier(int requestsPer10s, int requestsPerHour, int mutationsPer10s, int mutationsPerHour) {
        this.requestsPer10s = requestsPer10s;
        this.requestsPerHour = requestsPerHour;
        this.mutationsPer10s = mutationsPer10s;
        this.mutationsPerHour = mutationsPerHour;
    }

    public int requestsPer10s() {
        return requestsPer10s;
    }

    public int requestsPerHour() {
        return requestsPerHour;
    }

    public int mutationsPer10s() {
        return mutationsPer10s;
    }

    public int mutationsPerHour() {
        return mutationsPerHour;
    }

    public static String[] names() {
        return Arrays.stream(values()).map(Enum::name).toArray(String[]::new);
    }
}
