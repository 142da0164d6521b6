package io.tillstream.ingest.problem;

import io.micronaut.serde.annotation.Serdeable;

/** One rule broken by one field, e.g. {@code lines[2].quantity}: "must not be 0". */
@Serdeable
public record FieldError(String field, String message) {
}
