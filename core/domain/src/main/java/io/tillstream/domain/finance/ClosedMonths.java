package io.tillstream.domain.finance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The months finance has closed ({@code POST /v1/finance/close}, MONTH_CLOSED in the audit trail), as
 * they become known. A till never loses a sale, so a transaction late enough to land in a closed month
 * is still counted; knowing the month is closed is what lets it be flagged to finance as a change to
 * books already signed off.
 */
public final class ClosedMonths {

    /** The audit trail's action of a month's close; its target is the month, {@code YYYY-MM}. */
    public static final String AUDIT_ACTION = "MONTH_CLOSED";

    private final Map<YearMonth, Instant> closedAt = new ConcurrentHashMap<>();

    public static ClosedMonths none() {
        return new ClosedMonths();
    }

    /** A month closed at {@code at}; closing it again keeps the first close. */
    public void close(YearMonth month, Instant at) {
        closedAt.merge(month, at, (first, again) -> first.isBefore(again) ? first : again);
    }

    /** When the month of {@code day} was closed; empty while it is open. */
    public Optional<Instant> closedAt(LocalDate day) {
        return Optional.ofNullable(closedAt.get(YearMonth.from(day)));
    }
}
