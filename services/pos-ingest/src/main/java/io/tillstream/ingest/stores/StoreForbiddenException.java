package io.tillstream.ingest.stores;

/** A store's or till's token was used to write for another store or till. */
public class StoreForbiddenException extends RuntimeException {

    private final String field;

    public StoreForbiddenException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The body's field that names what the token may not write for. */
    public String field() {
        return field;
    }
}
