package io.tillstream.reconciliation.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.domain.exceptions.DriftRules;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.service.http.JsonHttp;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code GET /v1/drift/warehouses}: per Centra warehouse that has had STOCK_DRIFT, how many are open,
 * the largest |expected − actual| among them and how old the oldest is. Integration reads it to see
 * whether a warehouse drifts as a whole (an edit or import in Centra) or a size here and there.
 */
final class DriftRoute implements HttpHandler {

    private final Supplier<List<ReconciliationException>> exceptions;
    private final Clock clock;

    DriftRoute(Supplier<List<ReconciliationException>> exceptions, Clock clock) {
        this.exceptions = exceptions;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!JsonHttp.allows(exchange, "GET")) {
            return;
        }
        if (!JsonHttp.query(exchange).isEmpty()) {
            JsonHttp.problem(exchange, 400, "Bad parameter", "This view takes no parameters");
            return;
        }
        try {
            JsonHttp.send(exchange, 200, summarize(exceptions.get(), clock.instant()));
        } catch (InvalidStateStoreException e) {
            JsonHttp.unavailable(exchange, "Not ready", "The exceptions view is still loading");
        }
    }

    /** One entry per warehouse with any STOCK_DRIFT (open or resolved), by warehouse id. */
    static List<Map<String, Object>> summarize(List<ReconciliationException> all, Instant now) {
        Map<Integer, Warehouse> warehouses = new TreeMap<>();
        for (ReconciliationException e : all) {
            OptionalInt warehouse = e.getType() == ExceptionType.STOCK_DRIFT ? DriftRules.warehouseOf(e)
                    : OptionalInt.empty();
            if (warehouse.isPresent()) {
                Warehouse w = warehouses.computeIfAbsent(warehouse.getAsInt(), id -> new Warehouse());
                if (e.getStatus() == ExceptionStatus.OPEN) {
                    w.add(e);
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        warehouses.forEach((id, w) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("warehouseId", id);
            m.put("openDrifts", w.open);
            m.put("largestGap", w.largestGap);
            m.put("oldestFirstSeenAt", w.oldest == null ? null : w.oldest.toString());
            m.put("oldestAgeSeconds", w.oldest == null ? null
                    : Math.max(0, Duration.between(w.oldest, now).toSeconds()));
            out.add(m);
        });
        return out;
    }

    private static final class Warehouse {
        int open;
        Integer largestGap;
        Instant oldest;

        void add(ReconciliationException drift) {
            open++;
            Integer gap = gap(drift);
            if (gap != null && (largestGap == null || gap > largestGap)) {
                largestGap = gap;
            }
            if (oldest == null || drift.getFirstSeenAt().isBefore(oldest)) {
                oldest = drift.getFirstSeenAt();
            }
        }

        /** |expected − actual| when both are counts; null when either is not. */
        private static Integer gap(ReconciliationException drift) {
            try {
                return Math.abs(Integer.parseInt(drift.getExpected()) - Integer.parseInt(drift.getActual()));
            } catch (NumberFormatException e) { // parseInt(null) included
                return null;
            }
        }
    }
}
