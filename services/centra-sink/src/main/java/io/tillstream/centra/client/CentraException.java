package io.tillstream.centra.client;

import java.time.Instant;

/** A call to Centra that did not produce an answer about the mutation. */
public class CentraException extends Exception {

    /** How the caller must react. */
    public enum Kind {
        /** 429: nothing applied; wait until {@link #retryAt()}. */
        RATE_LIMITED,
        /** 5xx, timeout, connection lost: the mutation may or may not have been applied. */
        OUTCOME_UNKNOWN,
        /**
         * 401/403 or a GraphQL authorization error: nothing applied. The token expired (Centra's
         * default is 30 days), was revoked or lacks a permission; asking again helps only once an
         * operator fixes it, so the caller holds its work and asks again now and then.
         */
        UNAUTHORIZED,
        /** A request Centra will refuse again as it is (refused before running it). */
        FATAL
    }

    private final Kind kind;
    private final Instant retryAt;
    private final boolean unanswered;

    public CentraException(Kind kind, String message, Instant retryAt, Throwable cause) {
        this(kind, message, retryAt, cause, false);
    }

    private CentraException(Kind kind, String message, Instant retryAt, Throwable cause, boolean unanswered) {
        super(message, cause);
        this.kind = kind;
        this.retryAt = retryAt;
        this.unanswered = unanswered;
    }

    /** No answer came (a timeout, a dropped connection): Centra may still be running the request. */
    public static CentraException noAnswer(String message, Throwable cause) {
        return new CentraException(Kind.OUTCOME_UNKNOWN, message, null, cause, true);
    }

    /**
     * True when Centra did not answer at all, so the request may still be applied after the client
     * gave up on it; false when Centra answered (a 5xx, an error body): it has finished with it.
     */
    public boolean mayStillBeRunning() {
        return unanswered;
    }

    public Kind kind() {
        return kind;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
