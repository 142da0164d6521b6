package io.tillstream.centra.simulator.ratelimit;

import io.tillstream.centra.simulator.RateLimitTier;
import io.tillstream.centra.simulator.RateLimitUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Centra's six token buckets (requests, mutations and complexity, over 10 s and 1 h), shared by
 * every caller of the tenant. A request is admitted only if every bucket can pay for it; a
 * rejected request pays nothing. The clock is injected so tests can step time.
 */
public final class RateLimiter {

    private static final int[] INTERVALS = {RateLimitTier.SHORT_INTERVAL_SECONDS, RateLimitTier.LONG_INTERVAL_SECONDS};

    private final RateLimitTier tier;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new TreeMap<>();

    public RateLimiter(final RateLimitTier tier, final Clock clock) {
        this.tier = tier;
        this.clock = clock;
        final long now = clock.millis();
        for (RateLimitType type : RateLimitType.values()) {
            for (int interval : INTERVALS) {
                buckets.put(key(type, interval), new TokenBucket(tier.quota(type, interval), interval * 1000L, now));
            }
        }
    }

    /** The verdict on one request. */
    public sealed interface Decision {
        /** Admitted; its request and mutations are paid for. */
        record Admitted() implements Decision {
        }

        /** Throttled; retry at {@code retryAt}. */
        record Throttled(Instant retryAt, RateLimitType type, int intervalSeconds) implements Decision {
        }

        /** More mutations in one request than the 10 s bucket can ever hold. */
        record TooLarge(int mutations, long quota) implements Decision {
        }
    }

    /** Admits and pays for one request with {@code mutations} mutation fields, or says when to retry. */
    public synchronized Decision admit(final int mutations) {
        final long now = clock.millis();
        final long mutationQuota = tier.quota(RateLimitType.MUTATIONS, RateLimitTier.SHORT_INTERVAL_SECONDS);
        if (mutations > mutationQuota) {
            return new Decision.TooLarge(mutations, mutationQuota);
        }
        long waitMillis = 0;
        RateLimitType limiting = null;
        int limitingInterval = 0;
        for (int interval : INTERVALS) {
            final long[] waits = {
                bucket(RateLimitType.REQUESTS, interval).millisUntil(1, now),
                mutations > 0 ? bucket(RateLimitType.MUTATIONS, interval).millisUntil(mutations, now) : 0,
                // Complexity is paid after the fact, so only a bucket in debt blocks.
                bucket(RateLimitType.COMPLEXITY, interval).millisUntil(Double.MIN_VALUE, now)};
            for (int i = 0; i < waits.length; i++) {
                if (waits[i] > waitMillis) {
                    waitMillis = waits[i];
                    limiting = RateLimitType.values()[i];
                    limitingInterval = interval;
                }
            }
        }
        if (limiting != null) {
            return new Decision.Throttled(Instant.ofEpochMilli(now + waitMillis), limiting, limitingInterval);
        }
        for (int interval : INTERVALS) {
            bucket(RateLimitType.REQUESTS, interval).take(1, now);
            bucket(RateLimitType.MUTATIONS, interval).take(mutations, now);
        }
        return new Decision.Admitted();
    }

    /** Pays for the complexity of a query that has run. */
    public synchronized void chargeComplexity(final long complexity) {
        final long now = clock.millis();
        for (int interval : INTERVALS) {
            bucket(RateLimitType.COMPLEXITY, interval).take(complexity, now);
        }
    }

    public synchronized RateLimitUsage usage() {
        final long now = clock.millis();
        final List<RateLimitUsage.Quota> quotas = new ArrayList<>();
        for (RateLimitType type : RateLimitType.values()) {
            for (int interval : INTERVALS) {
                final TokenBucket b = bucket(type, interval);
                final long remaining = b.remaining(now);
                quotas.add(new RateLimitUsage.Quota(type.name(), interval, b.capacity(), b.capacity() - remaining,
                        remaining));
            }
        }
        return new RateLimitUsage(tier, quotas);
    }

    private TokenBucket bucket(final RateLimitType type, final int interval) {
        return buckets.get(key(type, interval));
    }

    private static String key(final RateLimitType type, final int interval) {
        return type.name() + "/" + interval;
    }
}
