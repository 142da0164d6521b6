package io.tillstream.ingest.ratelimit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.tillstream.ingest.problem.Problem;
import io.tillstream.ingest.problem.ProblemHandlers;
import io.tillstream.ingest.stores.Store;
import io.tillstream.ingest.stores.StoreAuthFilter;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds each store to its own request budget ({@link RateLimitConfig}), answering 429 with
 * {@code Retry-After}. Keyed by the authenticated store, after {@link StoreAuthFilter}, so one
 * runaway till spends only its store's budget and an unauthenticated caller spends nobody's.
 */
@ServerFilter("/v1/**")
@Order(StoreAuthFilter.ORDER + 1)
public class RateLimitFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final boolean enabled;
    private final TokenBuckets buckets;

    public RateLimitFilter(RateLimitConfig config) {
        this.enabled = config.enabled();
        this.buckets = new TokenBuckets(config.perSecond(), config.burst(), System::nanoTime);
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> limit(HttpRequest<?> request) {
        Store store = request.getAttribute(StoreAuthFilter.STORE_ATTRIBUTE, Store.class).orElse(null);
        if (!enabled || store == null) {
            return null; // no store means the auth filter has already answered 401
        }
        long waitNanos = buckets.tryAcquire(store.storeId());
        if (waitNanos == 0) {
            return null;
        }
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1));
        log.debug("Store {} is over its request rate; retry in {} s", store.storeId(), retryAfter);
        return ProblemHandlers.respond(Problem.of(429, "Too Many Requests",
                        "Store " + store.storeId() + " is over its request rate; retry after " + retryAfter + " s"))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
    }
}
