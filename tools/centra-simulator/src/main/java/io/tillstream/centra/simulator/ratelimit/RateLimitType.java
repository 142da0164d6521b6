package io.tillstream.centra.simulator.ratelimit;

/**
 * What a bucket counts. Centra's {@code RateLimitType} documents these three; its enum value names
 * are not in the public docs, so these names are the simulator's.
 */
public enum RateLimitType {
    /** One point per HTTP request. */
    REQUESTS,
    /** One point per mutation field, so aliased mutations in one request each count. */
    MUTATIONS,
    /** The summed complexity of the query. */
    COMPLEXITY
}
