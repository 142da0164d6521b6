package io.tillstream.ingest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem document, with the offending fields listed so a till developer can fix them.
 * Every problem has {@code errors} (empty when no field is at fault: a 429, a 503), so a client
 * handles one shape.
 */
@Serdeable
public record Problem(String type, String title, int status, String detail,
                      // Micronaut Serialization leaves empty lists out by default
                      @JsonInclude(JsonInclude.Include.ALWAYS) List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    /** A refusal caused by one field or header, e.g. 403 for {@code storeId}. */
    public static Problem of(int status, String title, String field, String detail) {
        return new Problem("about:blank", title, status, detail, List.of(new FieldError(field, detail)));
    }

    public static Problem invalid(List<FieldError> errors) {
        return new Problem("https://tillstream.io/problems/invalid-request", "Invalid request", 400,
                errors.size() + " field(s) failed validation", errors);
    }
}
