package io.tillstream.ingest.batch;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tillstream.ingest.problem.FieldError;
import java.util.List;

/** One result per posted transaction, in the order they were posted. */
@Serdeable
public record BatchResponse(List<Result> results) {

    /** {@code errors} is present only on a REJECTED item, with fields named relative to the item. */
    @Serdeable
    public record Result(@Nullable String transactionId, String status, @Nullable List<FieldError> errors) {

        static Result accepted(String transactionId) {
            return new Result(transactionId, "ACCEPTED", null);
        }

        static Result rejected(@Nullable String transactionId, List<FieldError> errors) {
            return new Result(transactionId, "REJECTED", errors);
        }
    }
}
