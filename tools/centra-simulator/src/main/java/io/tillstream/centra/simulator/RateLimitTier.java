package io.tillstream.centra.simulator;

import io.tillstream.centra.simulator.ratelimit.RateLimitType;

/**
 * Centra's published rate-limit tiers: quotas per 10 seconds and per hour for requests,
 * mutations and summed query complexity. The quotas are shared by every integration on a tenant.
 */
public enum RateLimitTier {
    GROWTH(60, 5_000, 20, 1_800, 250_000, 30_000_000),
    ENHANCED(150, 20_000, 50, 4_500, 900_000, 90_000_000),
    HIGH_VOLUME(450, 40_000, 150, 7_000, 1_800_000, 180_000_000),
    ENTERPRISE(1_500, 85_000, 500, 25_000, 4_000_000, 400_000_000);

    /** The two windows Centra meters. */
    public static final int SHORT_INTERVAL_SECONDS = 10;
    public static final int LONG_INTERVAL_SECONDS = 3_600;

    private final long requests10s;
    private final long requestsHour;
    private final long mutations10s;
    private final long mutationsHour;
    private final long complexity10s;
    private final long complexityHour;

    RateLimitTier(final long requests10s, final long requestsHour, final long mutations10s, final long mutationsHour,
                  final long complexity10s, final long complexityHour) {
        this.requests10s = requests10s;
        this.requestsHour = requestsHour;
        this.mutations10s = mutations10s;
        this.mutationsHour = mutationsHour;
        this.complexity10s = complexity10s;
        this.complexityHour = complexityHour;
    }

    /** The quota of one type over one of {@link #SHORT_INTERVAL_SECONDS} or {@link #LONG_INTERVAL_SECONDS}. */
    public long quota(final RateLimitType type, final int intervalSeconds) {
        final boolean shortWindow = intervalSeconds == SHORT_INTERVAL_SECONDS;
        return switch (type) {
            case REQUESTS -> shortWindow ? requests10s : requestsHour;
            case MUTATIONS -> shortWindow ? mutations10s : mutationsHour;
            case COMPLEXITY -> shortWindow ? complexity10s : complexityHour;
        };
    }
}
