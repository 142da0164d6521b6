package io.tillstream.ingest.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Makes the framework's own errors (415 wrong content type, 413 body too large, 404, 405 …)
 * problem+json like ours, so a till integrator handles one error shape.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        if (response.code() >= 500) {
            // An unexpected failure's message is internal (class names, hosts, perhaps a secret): the log
            // has it, the till gets a problem it can act on.
            return response.contentType(Problem.MEDIA_TYPE).body(Problem.of(response.code(), response.reason(),
                    "The request failed on the server; retry later with the same id"));
        }
        String detail = context.getErrors().stream().map(e -> e.getMessage()).collect(Collectors.joining("; "));
        Problem problem = Problem.of(response.code(), response.reason(), detail.isEmpty() ? response.reason() : detail);
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }
}
