package io.tillstream.centra.sink.client;

import java.time.Instant;

/** A call to Centra that did not produce an answer about the mutation. */
public class CentraException extends Exception {

    /** How the caller must react. */
    public enum Kind {
        /** 429: nothing applied; wait until {@link #retryAt()}. */
        RATE_LIMITED,
        /** 5xx, timeout, connection lost: the mutation may or may not have been applied. */
        OUTCOME_UNKNOWN,
        /** 403 and friends: no retry helps until an operator fixes the token. */
        FATAL
    }

    private final Kind kind;
    private final Instant retryAt;

    public CentraException(Kind kind, String message, Instant retryAt, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAt = retryAt;
    }

    public Kind kind() {
        return kind;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
