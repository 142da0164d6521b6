package io.tillstream.ingest.stores;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.tillstream.ingest.problem.Problem;
import io.tillstream.ingest.problem.ProblemHandlers;
import java.util.Optional;

/**
 * Every /v1 call must carry a store's bearer token. The store is attached to the request for the
 * controllers, which check that the body names the same store (403 otherwise).
 */
@ServerFilter("/v1/**")
@Order(StoreAuthFilter.ORDER)
public class StoreAuthFilter {

    /** Runs before every other /v1 filter, which may then rely on the store attribute. */
    public static final int ORDER = 0;
    public static final String STORE_ATTRIBUTE = "tillstream.store";
    private static final String BEARER = "Bearer ";

    private final StoreRegistry stores;

    public StoreAuthFilter(StoreRegistry stores) {
        this.stores = stores;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> authenticate(HttpRequest<?> request) {
        if (request.getHeaders().getAll(HttpHeaders.AUTHORIZATION).size() > 1) {
            // two tokens, perhaps of two stores: which store is writing would be a guess
            return unauthorized("Send one Authorization header");
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorized("A store bearer token is required (Authorization: Bearer <token>)");
        }
        if (!stores.loaded()) {
            // a till's token may well be valid: the registry is still being read (a start-up moment)
            return ProblemHandlers.respond(Problem.of(503, "Service Unavailable",
                    "The store registry is still being read; retry in a few seconds")).header(HttpHeaders.RETRY_AFTER, "2");
        }
        Optional<Store> store = stores.authenticate(header.substring(BEARER.length()).trim());
        if (store.isEmpty()) {
            return unauthorized("The bearer token does not belong to any open store");
        }
        request.setAttribute(STORE_ATTRIBUTE, store.get());
        return null; // continue to the controller
    }

    private static HttpResponse<Problem> unauthorized(String detail) {
        return ProblemHandlers.respond(Problem.of(401, "Unauthorized", HttpHeaders.AUTHORIZATION, detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tillstream\"");
    }
}
