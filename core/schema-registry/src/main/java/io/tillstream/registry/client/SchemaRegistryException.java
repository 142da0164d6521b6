package io.tillstream.registry.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * A schema registry call that failed: either the registry answered with an error (then
 * {@link #status()} is the HTTP status and {@link #errorCode()} Confluent's {@code error_code}),
 * or no answer came at all (then both are {@link #NO_RESPONSE}). Messages name the registry URL,
 * never its credentials.
 */
public class SchemaRegistryException extends RuntimeException {

    /** {@link #status()} and {@link #errorCode()} when the registry could not be reached. */
    public static final int NO_RESPONSE = -1;

    // Confluent's error codes (the subset this module produces or reacts to).
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_CONFIG_NOT_FOUND = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int STORE_ERROR = 50001;

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = NO_RESPONSE;
        this.errorCode = NO_RESPONSE;
    }

    /** The HTTP status, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /**
     * Confluent's {@code error_code} (e.g. 40401, 409), the HTTP status if the body had none, or
     * {@link #NO_RESPONSE}.
     */
    public int errorCode() {
        return errorCode;
    }

    /**
     * True when asking again later may well succeed: the registry could not be reached or did not
     * answer in time, was overloaded (429) or failed (5xx), or the call was interrupted. False when
     * it answered, and the answer was no (an unknown schema id, a schema that is not Avro).
     */
    public boolean isRetriable() {
        if (status == NO_RESPONSE) {
            Throwable cause = getCause();
            return cause instanceof InterruptedException
                    || cause instanceof IOException && !(cause instanceof JsonProcessingException);
        }
        return status == 429 || status >= 500;
    }
}
