package io.tillstream.reconciliation.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.domain.finance.ClosedMonths;
import io.tillstream.domain.finance.Journal;
import io.tillstream.reconciliation.finance.Settlements;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.service.audit.AuditTrail;
import io.tillstream.service.http.JsonHttp;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code POST /v1/finance/close?month=YYYY-MM}: finance signs a month off. It is refused (409, naming each
 * cause) while the month is not over everywhere, while a store-day of it is not final, or while a FINANCE
 * exception of one of its days is open (a payout missing or differing, cash not banked, a late
 * transaction): the books of a month with a known gap are not closed. Closed, it answers the month's
 * journal totals and records MONTH_CLOSED, with them, in the audit trail; closing again checks again and
 * records again.
 */
final class MonthCloseRoute implements HttpHandler {

    static final String PATH = "/v1/finance/close";

    /** Where a close is recorded: the audit trail, with the caller of the request. */
    @FunctionalInterface
    interface Recorder {
        /** @throws KafkaException when it was not confirmed */
        void closed(YearMonth month, String detail);

        static Recorder auditTrail(AuditTrail audit) {
            return (month, detail) -> audit.commit(List.of(), audit.entry(JsonHttp.caller(), ClosedMonths.AUDIT_ACTION,
                    month.toString(), detail, JsonHttp.requestId()));
        }
    }

    private final DailyTotalsView days;
    private final Settlements settlements;
    private final Supplier<List<ReconciliationException>> exceptions;
    private final Recorder recorder;
    private final Clock clock;

    MonthCloseRoute(DailyTotalsView days, Settlements settlements, Supplier<List<ReconciliationException>> exceptions,
                    Recorder recorder, Clock clock) {
        this.days = days;
        this.settlements = settlements;
        this.exceptions = exceptions;
        this.recorder = recorder;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!JsonHttp.allows(exchange, "POST")) {
            return;
        }
        Map<String, String> query = JsonHttp.query(exchange);
        YearMonth month;
        try {
            month = YearMonth.parse(String.valueOf(query.get("month")));
        } catch (DateTimeParseException e) {
            JsonHttp.problem(exchange, 400, "Bad parameter", "month is required, such as 2026-11");
            return;
        }
        if (!settlements.loaded()) {
            JsonHttp.unavailable(exchange, "Not ready", "The settlements are still being read");
            return;
        }
        List<DailyStoreTotals> monthDays;
        List<ReconciliationException> open;
        try {
            monthDays = days.list(null, null).stream().filter(d -> YearMonth.from(d.getBusinessDate()).equals(month))
                    .toList();
            String prefix = "|" + month + "-";
            open = exceptions.get().stream().filter(e -> e.getOwner() == Owner.FINANCE)
                    .filter(e -> e.getStatus() == ExceptionStatus.OPEN && e.getId().contains(prefix)).toList();
        } catch (InvalidStateStoreException e) {
            JsonHttp.unavailable(exchange, "Not ready", "The daily totals or exceptions are still loading");
            return;
        }
        List<String> causes = new ArrayList<>();
        // the last day of the month has closed everywhere a day after it ends in UTC+14, plus a night
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.isAfter(month.atEndOfMonth().plusDays(1))) {
            causes.add(month + " is not over everywhere yet: close it from " + month.atEndOfMonth().plusDays(2));
        }
        monthDays.stream().filter(d -> !d.getFinal$()).forEach(d -> causes.add(d.getStoreId() + " "
                + d.getBusinessDate() + " is not final yet (its day has not closed)"));
        open.forEach(e -> causes.add(e.getId() + " is open: " + e.getDetail()));
        if (!causes.isEmpty()) {
            JsonHttp.problem(exchange, 409, "Month cannot be closed", month + " cannot be closed: " + causes.size()
                    + " cause(s)", causes.stream().map(c -> Map.<String, Object>of("field", "month", "message", c)).toList());
            return;
        }
        List<Journal.Posting> postings = JournalRoute.postings(monthDays,
                settlements.between(month.atDay(1), month.atEndOfMonth(), null));
        Map<String, Object> closed = new LinkedHashMap<>();
        closed.put("month", month.toString());
        closed.put("closedAt", clock.instant().toString());
        closed.put("closedBy", JsonHttp.caller().name());
        closed.put("storeDays", monthDays.size());
        closed.put("stores", monthDays.stream().map(DailyStoreTotals::getStoreId).distinct().sorted().toList());
        closed.put("debit", JournalRoute.sum(postings, true).toPlainString());
        closed.put("credit", JournalRoute.sum(postings, false).toPlainString());
        try {
            recorder.closed(month, monthDays.size() + " store-days, journal debit " + closed.get("debit")
                    + " = credit " + closed.get("credit"));
        } catch (KafkaException e) {
            JsonHttp.unavailable(exchange, "Not recorded", "The close could not be recorded; retry");
            return;
        }
        JsonHttp.send(exchange, 200, closed);
    }
}
