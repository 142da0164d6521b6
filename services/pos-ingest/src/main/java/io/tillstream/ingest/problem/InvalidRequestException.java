package io.tillstream.ingest.problem;

import java.util.List;

/** The request broke one or more rules; nothing was appended. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.size() + " validation error(s)");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
