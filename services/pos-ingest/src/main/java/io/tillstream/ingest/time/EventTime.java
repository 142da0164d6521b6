package io.tillstream.ingest.time;

import io.tillstream.ingest.problem.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * When a till says something happened: an ISO-8601 instant, at most 5 minutes ahead of our clock
 * (the contract's allowance for till clocks), and not before 2000 (a till with a reset clock says
 * 1970 or year 1; such a sale would open a finance day decades ago).
 */
public final class EventTime {

    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private EventTime() {
    }

    /** Adds to {@code errors} what is wrong with {@code value} as the instant of {@code field}. */
    public static void check(List<FieldError> errors, String field, String value, Clock clock) {
        Instant at;
        try {
            at = Instant.parse(value == null ? "" : value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "is required: an ISO-8601 instant, e.g. 2026-11-26T10:15:30Z"));
            return;
        }
        if (at.isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
            errors.add(new FieldError(field, "is more than 5 minutes in the future (check the till clock)"));
        } else if (at.isBefore(EARLIEST)) {
            errors.add(new FieldError(field, "is before " + EARLIEST + " (check the till clock)"));
        }
    }
}
