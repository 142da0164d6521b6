package io.tillstream.ingest.eventlog;

import java.time.Duration;

/** The broker did not acknowledge an append in time; the event may or may not be stored, so the till retries with the same id. */
public class EventLogUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public EventLogUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
