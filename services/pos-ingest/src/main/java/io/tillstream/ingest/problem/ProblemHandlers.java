package io.tillstream.ingest.problem;

import io.micronaut.context.annotation.Factory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.tillstream.ingest.eventlog.EventLogUnavailableException;
import io.tillstream.ingest.metrics.IngestMetrics;
import io.tillstream.ingest.stores.StoreForbiddenException;
import jakarta.inject.Singleton;

/** Maps domain failures to problem+json responses. */
@Factory
public class ProblemHandlers {

    public static MutableHttpResponse<Problem> respond(Problem problem) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(problem);
    }

    /** Every 400 of a single-item endpoint passes here, whichever layer found the fault: one place to count it. */
    @Singleton
    ExceptionHandler<InvalidRequestException, HttpResponse<Problem>> invalid(IngestMetrics metrics) {
        return (HttpRequest request, InvalidRequestException e) -> {
            metrics.rejectedRequest(request.getPath());
            return respond(Problem.invalid(e.errors()));
        };
    }

    @Singleton
    ExceptionHandler<StoreForbiddenException, HttpResponse<Problem>> forbidden() {
        return (HttpRequest request, StoreForbiddenException e) -> respond(Problem.of(403, "Forbidden", e.field(), e.getMessage()));
    }

    /** The broker did not acknowledge in time: the till must retry, nothing was promised. */
    @Singleton
    ExceptionHandler<EventLogUnavailableException, HttpResponse<Problem>> unavailable() {
        return (HttpRequest request, EventLogUnavailableException e) -> respond(
                Problem.of(503, "Event log unavailable", "The event was not acknowledged; retry later with the same id"))
                .header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
    }
}
