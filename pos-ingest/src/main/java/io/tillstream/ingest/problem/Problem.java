package io.tillstream.ingest.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** An RFC 9457 problem document, with the offending fields listed so a till developer can fix them. */
@Serdeable
public record Problem(String type, String title, int status, String detail, @Nullable List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    public static Problem invalid(List<FieldError> errors) {
        return new Problem("https://tillstream.io/problems/invalid-request", "Invalid request", 400,
                errors.size() + " field(s) failed validation", errors);
    }
}
