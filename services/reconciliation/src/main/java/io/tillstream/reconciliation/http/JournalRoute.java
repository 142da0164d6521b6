package io.tillstream.reconciliation.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.domain.finance.Journal;
import io.tillstream.reconciliation.finance.Settlements;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.Settlement;
import io.tillstream.service.http.JsonHttp;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code GET /v1/finance/journal?from=DATE&to=DATE[&storeId=S][&format=csv|json]}: the general-ledger
 * postings of every final store-day in the range and of the payouts and deposits posted for its days (see
 * {@link Journal}), as JSON or as CSV in the layout of docs/operations.md (also with
 * {@code Accept: text/csv}). Days not final yet are listed apart, never posted: their totals may still change.
 */
final class JournalRoute implements HttpHandler {

    static final String PATH = "/v1/finance/journal";
    static final List<String> CSV_HEADER = List.of("business_date", "store_id", "currency", "account",
            "account_name", "text", "debit", "credit");
    private static final Set<String> PARAMETERS = Set.of("from", "to", "storeId", "format");
    /** A year and a day: a year's close; longer ranges are several calls. */
    private static final long MAX_DAYS = 366;

    private final DailyTotalsView view;
    private final Settlements settlements;

    JournalRoute(DailyTotalsView view, Settlements settlements) {
        this.view = view;
        this.settlements = settlements;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!JsonHttp.allows(exchange, "GET")) {
            return;
        }
        Optional<Map<String, String>> checked = JsonHttp.query(exchange, PARAMETERS);
        if (checked.isEmpty()) {
            return;
        }
        Map<String, String> query = checked.get();
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(String.valueOf(query.get("from")));
            to = LocalDate.parse(String.valueOf(query.get("to")));
        } catch (DateTimeParseException e) {
            JsonHttp.problem(exchange, 400, "Bad parameter", "from and to are required dates such as 2026-11-01");
            return;
        }
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            JsonHttp.problem(exchange, 400, "Bad parameter", "from must be on or before to, at most " + MAX_DAYS
                    + " days apart");
            return;
        }
        String format = query.getOrDefault("format", String.valueOf(exchange.getRequestHeaders().getFirst("Accept"))
                .contains("text/csv") ? "csv" : "json");
        if (!format.equals("csv") && !format.equals("json")) {
            JsonHttp.problem(exchange, 400, "Bad parameter", "format is csv or json");
            return;
        }
        if (!settlements.loaded()) {
            JsonHttp.unavailable(exchange, "Not ready", "The settlements are still being read");
            return;
        }
        List<DailyStoreTotals> days;
        try {
            days = view.list(query.get("storeId"), null).stream()
                    .filter(d -> !d.getBusinessDate().isBefore(from) && !d.getBusinessDate().isAfter(to))
                    .sorted(Comparator.comparing(DailyStoreTotals::getBusinessDate)
                            .thenComparing(DailyStoreTotals::getStoreId))
                    .toList();
        } catch (InvalidStateStoreException e) {
            JsonHttp.unavailable(exchange, "Not ready", "The daily totals are still loading");
            return;
        }
        List<Journal.Posting> postings = postings(days.stream().filter(DailyStoreTotals::getFinal$).toList(),
                settlements.between(from, to, query.get("storeId")));
        if (format.equals("csv")) {
            JsonHttp.send(exchange, 200, "text/csv; charset=utf-8", csv(postings).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", from.toString());
        answer.put("to", to.toString());
        answer.put("postings", postings.stream().map(JournalRoute::json).toList());
        answer.put("debit", sum(postings, true).toPlainString());
        answer.put("credit", sum(postings, false).toPlainString());
        answer.put("notFinal", days.stream().filter(d -> !d.getFinal$())
                .map(d -> Map.of("storeId", d.getStoreId(), "businessDate", d.getBusinessDate().toString())).toList());
        JsonHttp.send(exchange, 200, answer);
    }

    /** The days' postings and the money's, in date and store order. */
    static List<Journal.Posting> postings(List<DailyStoreTotals> days, List<Settlement> money) {
        List<Journal.Posting> postings = new ArrayList<>();
        days.forEach(d -> postings.addAll(Journal.of(d)));
        money.forEach(s -> postings.addAll(Journal.of(s)));
        postings.sort(Comparator.comparing(Journal.Posting::businessDate).thenComparing(Journal.Posting::storeId));
        return postings;
    }

    static BigDecimal sum(List<Journal.Posting> postings, boolean debit) {
        return postings.stream().map(p -> debit ? p.debit() : p.credit()).reduce(BigDecimal.ZERO.setScale(2),
                BigDecimal::add);
    }

    private static Map<String, Object> json(Journal.Posting p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("businessDate", p.businessDate().toString());
        m.put("storeId", p.storeId());
        m.put("currency", p.currency());
        m.put("account", p.account().code());
        m.put("accountName", p.account().title());
        m.put("text", p.text());
        m.put("debit", p.debit().toPlainString());
        m.put("credit", p.credit().toPlainString());
        return m;
    }

    private static String csv(List<Journal.Posting> postings) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(CSV_HEADER.toArray(String[]::new)).get())) {
            for (Journal.Posting p : postings) {
                csv.printRecord(p.businessDate(), p.storeId(), p.currency(), p.account().code(), p.account().title(),
                        p.text(), p.debit().toPlainString(), p.credit().toPlainString());
            }
        }
        return out.toString();
    }
}
