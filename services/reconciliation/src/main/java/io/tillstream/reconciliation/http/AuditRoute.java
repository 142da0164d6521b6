package io.tillstream.reconciliation.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.schemas.AuditEntry;
import io.tillstream.service.audit.AuditView;
import io.tillstream.service.http.JsonHttp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/audit?limit=N}: the newest human actions, newest first (100 unless asked, at most 1000). */
final class AuditRoute implements HttpHandler {

    private static final int DEFAULT_LIMIT = 100;

    private final AuditView view;

    AuditRoute(AuditView view) {
        this.view = view;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!JsonHttp.allows(exchange, "GET")) {
            return;
        }
        int limit;
        try {
            limit = Integer.parseInt(JsonHttp.query(exchange).getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > AuditView.KEPT) {
            JsonHttp.problem(exchange, 400, "Bad limit", "limit is a whole number from 1 to " + AuditView.KEPT);
            return;
        }
        if (!view.loaded()) {
            JsonHttp.unavailable(exchange, "Not ready", "The audit trail is still being read");
            return;
        }
        JsonHttp.send(exchange, 200, view.newest(limit).stream().map(AuditRoute::json).toList());
    }

    private static Map<String, Object> json(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.getId());
        m.put("at", e.getAt().toString());
        m.put("actor", e.getActor());
        m.put("role", e.getRole());
        m.put("action", e.getAction());
        m.put("target", e.getTarget());
        m.put("detail", e.getDetail());
        m.put("requestId", e.getRequestId());
        m.put("service", e.getService());
        return m;
    }
}
