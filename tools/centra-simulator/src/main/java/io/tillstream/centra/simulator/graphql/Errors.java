package io.tillstream.centra.simulator.graphql;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shapes GraphQL errors as Centra does: {@code message}, {@code locations}, {@code path} and
 * {@code extensions.category}. A client mistake keeps its message; a bug in the simulator is logged
 * and reported without internals.
 */
final class Errors implements DataFetcherExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Errors.class);
    private static final String CATEGORY = "category";

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
            final DataFetcherExceptionHandlerParameters params) {
        Throwable cause = params.getException();
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        final String message;
        final String category;
        if (cause instanceof BadInputException) {
            message = cause.getMessage();
            category = "validation";
        } else {
            log.warn("Data fetcher failed at {}", params.getPath(), cause);
            message = "Internal server error";
            category = "internal";
        }
        final GraphQLError error = GraphqlErrorBuilder.newError()
                .message("%s", message)
                .path(params.getPath())
                .location(params.getSourceLocation())
                .errorType(ErrorType.DataFetchingException)
                .extensions(Map.of(CATEGORY, category))
                .build();
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
    }

    /** True when the request never ran because it did not parse or validate (HTTP 400). */
    static boolean isRequestError(final GraphQLError error) {
        final ErrorClassification type = error.getErrorType();
        return type == ErrorType.InvalidSyntax || type == ErrorType.ValidationError;
    }

    static Map<String, Object> toMap(final GraphQLError error) {
        final Map<String, Object> out = new LinkedHashMap<>(error.toSpecification());
        @SuppressWarnings("unchecked")
        final Map<String, Object> given = (Map<String, Object>) out.get("extensions");
        final Map<String, Object> extensions = given == null ? new LinkedHashMap<>() : new LinkedHashMap<>(given);
        extensions.putIfAbsent(CATEGORY, isRequestError(error) ? "graphql" : "internal");
        out.put("extensions", extensions);
        return out;
    }
}
