package io.tillstream.centra.simulator;

import java.util.List;

/**
 * Rate-limit usage at one instant, per type and window; the same figures as the GraphQL
 * {@code rateLimits} query. {@code quota = used + remaining}, as Centra documents.
 */
public record RateLimitUsage(RateLimitTier tier, List<Quota> quotas) {

    public RateLimitUsage {
        quotas = List.copyOf(quotas);
    }

    /** One token bucket: {@code type} is REQUESTS, MUTATIONS or COMPLEXITY. */
    public record Quota(String type, int intervalSeconds, long quota, long used, long remaining) {
    }

    /** The bucket of a type and window, e.g. {@code quota("MUTATIONS", 10)}. */
    public Quota quota(final String type, final int intervalSeconds) {
        return quotas.stream().filter(q -> q.type().equals(type) && q.intervalSeconds() == intervalSeconds)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no quota " + type + "/" + intervalSeconds));
    }

    /** A status-line fragment such as {@code mutations 12/20 per 10s, 340/1800 per h}. */
    public String summary() {
        final Quota m10 = quota("MUTATIONS", RateLimitTier.SHORT_INTERVAL_SECONDS);
        final Quota mh = quota("MUTATIONS", RateLimitTier.LONG_INTERVAL_SECONDS);
        final Quota r10 = quota("REQUESTS", RateLimitTier.SHORT_INTERVAL_SECONDS);
        return "mutations " + m10.used() + "/" + m10.quota() + " per 10s, " + mh.used() + "/" + mh.quota()
                + " per h; requests " + r10.used() + "/" + r10.quota() + " per 10s";
    }
}
