package io.tillstream.reconciliation.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.TenderTotals;
import io.tillstream.service.http.JsonHttp;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code GET /v1/finance/daily-totals?storeId=&businessDate=}: one store-day, per tender. With only one
 * of the two (or neither) it answers the list of matching days, for the dashboard's store × day view.
 */
final class DailyTotalsRoute implements HttpHandler {

    private static final Set<String> PARAMETERS = Set.of("storeId", "businessDate");

    private final DailyTotalsView view;

    DailyTotalsRoute(DailyTotalsView view) {
        this.view = view;
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
        String storeId = query.get("storeId");
        LocalDate date;
        try {
            date = query.containsKey("businessDate") ? LocalDate.parse(query.get("businessDate")) : null;
        } catch (DateTimeParseException e) {
            JsonHttp.problem(exchange, 400, "Bad parameter", "businessDate must be a date such as 2026-11-26");
            return;
        }
        try {
            if (storeId != null && date != null) {
                Optional<DailyStoreTotals> day = view.find(storeId, date);
                if (day.isEmpty()) {
                    JsonHttp.problem(exchange, 404, "Unknown day", "No transaction of " + storeId + " on " + date
                            + " was seen");
                    return;
                }
                JsonHttp.send(exchange, 200, json(day.get()));
                return;
            }
            List<Map<String, Object>> days = view.list(storeId, date).stream().map(DailyTotalsRoute::json).toList();
            JsonHttp.send(exchange, 200, days);
        } catch (InvalidStateStoreException e) {
            JsonHttp.unavailable(exchange, "Not ready", "The daily totals are still loading");
        }
    }

    static Map<String, Object> json(DailyStoreTotals day) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("storeId", day.getStoreId());
        m.put("businessDate", day.getBusinessDate().toString());
        m.put("currency", day.getCurrency());
        m.put("version", day.getVersion());
        m.put("final", day.getFinal$());
        m.put("computedAt", day.getVersion() == 0 ? null : day.getComputedAt().toString());
        m.put("tenders", day.getTenders().stream().map(t -> tender(t, day.getCurrency())).toList());
        return m;
    }

    private static Map<String, Object> tender(TenderTotals t, String currency) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", t.getMethod());
        m.put("gross", money(t.getGross(), currency));
        m.put("discounts", money(t.getDiscounts(), currency));
        m.put("refunds", money(t.getRefunds(), currency));
        m.put("net", money(t.getNet(), currency));
        m.put("tax", money(t.getTax(), currency));
        m.put("count", t.getCount());
        return m;
    }

    /** As the tills write money: the currency's minor digits, more only where a split share needs them. */
    static String money(BigDecimal amount, String currency) {
        int digits;
        try {
            digits = Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return amount.setScale(Math.max(digits, amount.stripTrailingZeros().scale())).toPlainString();
    }
}
