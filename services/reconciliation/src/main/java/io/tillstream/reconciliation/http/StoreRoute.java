package io.tillstream.reconciliation.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.domain.stores.StoreRecords;
import io.tillstream.schemas.OpeningHours;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.TillToken;
import io.tillstream.service.access.Caller;
import io.tillstream.service.access.StoreAdmin;
import io.tillstream.service.http.JsonHttp;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;

/**
 * The store registry over HTTP, what {@code ./tillstream store} does, for a back office that opens
 * stores from its own tools: {@code GET /v1/stores} (the owner teams); {@code POST /v1/stores} to add
 * one, answering 201 with its tills' tokens, shown once; {@code PATCH /v1/stores/{id}} to change what
 * the body names; {@code POST /v1/stores/{id}/close}. Changes are for RETAIL_OPS (who opens stores) and
 * INTEGRATION (who runs the registry); each is in the audit trail with the caller. A field the registry
 * cannot take is 400 naming it; what the registry refuses (an id or a warehouse taken) is 409. Unlike the
 * command, this API cannot ask Centra whether the warehouse exists: reconciliation holds no Centra token.
 */
final class StoreRoute implements HttpHandler {

    static final String PATH = "/v1/stores";
    static final String PREFIX = PATH + "/";
    private static final String CLOSE = "/close";
    private static final int MAX_BODY = 16 * 1024;
    private static final Set<Role> WRITERS = Set.of(Role.RETAIL_OPS, Role.INTEGRATION);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreAdmin admin;

    StoreRoute(StoreAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        try {
            if (path.equals(PATH) && method.equals("GET")) {
                JsonHttp.send(exchange, 200, admin.list().stream().map(StoreRoute::json).toList());
            } else if (path.equals(PATH) && method.equals("POST")) {
                write(exchange, () -> add(exchange));
            } else if (path.equals(PATH)) {
                JsonHttp.problem(exchange, 405, "Method not allowed", "Use GET or POST");
            } else if (path.endsWith(CLOSE) && path.length() > PREFIX.length() + CLOSE.length()) {
                if (!method.equals("POST")) {
                    JsonHttp.problem(exchange, 405, "Method not allowed", "Use POST");
                    return;
                }
                String id = JsonHttp.decode(path.substring(PREFIX.length(), path.length() - CLOSE.length()));
                write(exchange, () -> {
                    if (admin.find(id).isEmpty()) {
                        JsonHttp.problem(exchange, 404, "Unknown store", "No store " + id + " in the registry");
                        return;
                    }
                    JsonHttp.send(exchange, 200, json(admin.close(who(), id)));
                });
            } else if (path.length() > PREFIX.length() && path.indexOf('/', PREFIX.length()) < 0) {
                if (!method.equals("PATCH")) {
                    JsonHttp.problem(exchange, 405, "Method not allowed", "Use PATCH");
                    return;
                }
                write(exchange, () -> update(exchange, JsonHttp.decode(path.substring(PREFIX.length()))));
            } else {
                JsonHttp.problem(exchange, 404, "Not found", "Use /v1/stores, /v1/stores/{id} or /v1/stores/{id}/close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JsonHttp.unavailable(exchange, "Not ready", "The store registry could not be read; retry");
        } catch (IllegalStateException e) {
            JsonHttp.unavailable(exchange, "Not ready", "The store registry is still being read; retry");
        }
    }

    /** A change the registry might refuse. */
    @FunctionalInterface
    private interface Write {
        void run() throws IOException, InterruptedException;
    }

    private static void write(HttpExchange exchange, Write write) throws IOException, InterruptedException {
        Caller caller = JsonHttp.caller();
        if (!WRITERS.contains(caller.role())) {
            JsonHttp.problem(exchange, 403, "Forbidden", "Stores are opened, changed and closed by RETAIL_OPS or "
                    + "INTEGRATION; the token's role is " + caller.role());
            return;
        }
        try {
            write.run();
        } catch (BadField e) {
            JsonHttp.problem(exchange, 400, "Invalid store", e.getMessage(),
                    List.of(Map.of("field", e.field, "message", e.getMessage())));
        } catch (IllegalArgumentException e) {
            JsonHttp.problem(exchange, 409, "Refused", e.getMessage());
        } catch (KafkaException e) {
            JsonHttp.unavailable(exchange, "Not recorded", "The change could not be stored; nothing changed, retry");
        }
    }

    private void add(HttpExchange exchange) throws IOException, InterruptedException {
        JsonNode body = body(exchange);
        Store.Builder store = Store.newBuilder().setStoreId(text(body, "storeId", true)).setName(text(body, "name", true))
                .setTimezone(zone(text(body, "timezone", true))).setCentraWarehouseId(warehouse(body))
                .setStatus(status(body, StoreStatus.LIVE)).setMarket(text(body, "market", false))
                .setCurrency(text(body, "currency", false)).setHours(hours(body)).setClosedDays(closedDays(body));
        List<String> tills = strings(body, "tills");
        // No tills named: one store-wide token that may post for any of the store's tills, as a stores.yml's.
        StoreAdmin.Written written = admin.add(who(), store,
                tills.isEmpty() ? List.of(StoreRecords.STORE_WIDE_TILL) : tills);
        Map<String, Object> answer = json(written.store());
        answer.put("tokens", written.tokens());
        JsonHttp.send(exchange, 201, answer);
    }

    private void update(HttpExchange exchange, String id) throws IOException, InterruptedException {
        JsonNode body = body(exchange);
        List<Consumer<Store.Builder>> changes = new ArrayList<>();
        if (body.has("name")) {
            String name = text(body, "name", true);
            changes.add(s -> s.setName(name));
        }
        if (body.has("timezone")) {
            String zone = zone(text(body, "timezone", true));
            changes.add(s -> s.setTimezone(zone));
        }
        if (body.has("centraWarehouseId")) {
            int warehouse = warehouse(body);
            changes.add(s -> s.setCentraWarehouseId(warehouse));
        }
        if (body.has("status")) {
            StoreStatus status = status(body, null);
            changes.add(s -> s.setStatus(status));
        }
        if (body.has("hours")) {
            var hours = hours(body);
            changes.add(s -> s.setHours(hours));
        }
        if (body.has("closedDays")) {
            List<String> days = closedDays(body);
            changes.add(s -> s.setClosedDays(days));
        }
        if (body.has("market")) {
            String market = text(body, "market", false);
            changes.add(s -> s.setMarket(market));
        }
        if (body.has("currency")) {
            String currency = text(body, "currency", false);
            changes.add(s -> s.setCurrency(currency));
        }
        if (admin.find(id).isEmpty()) {
            JsonHttp.problem(exchange, 404, "Unknown store", "No store " + id + " in the registry");
            return;
        }
        StoreAdmin.Written written = admin.update(who(), id, s -> changes.forEach(c -> c.accept(s)),
                strings(body, "addTills"), strings(body, "revokeTills"));
        Map<String, Object> answer = json(written.store());
        answer.put("tokens", written.tokens());
        JsonHttp.send(exchange, 200, answer);
    }

    private static StoreAdmin.Who who() {
        Caller caller = JsonHttp.caller();
        return new StoreAdmin.Who(caller.name(), caller.role().name(), JsonHttp.requestId());
    }

    /** A store as the API shows it: never its tills' token hashes. */
    static Map<String, Object> json(Store store) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("storeId", store.getStoreId());
        m.put("name", store.getName());
        m.put("timezone", store.getTimezone());
        m.put("status", store.getStatus().name());
        m.put("centraWarehouseId", store.getCentraWarehouseId());
        m.put("market", store.getMarket());
        m.put("currency", store.getCurrency());
        m.put("hours", store.getHours().isEmpty() ? null : StoreRecords.formatHours(StoreRecords.info(store).week()));
        m.put("closedDays", store.getClosedDays());
        m.put("tills", store.getTills().stream().map(TillToken::getTillId).toList());
        m.put("updatedAt", store.getUpdatedAt().toString());
        m.put("updatedBy", store.getUpdatedBy());
        return m;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        if (!String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).toLowerCase()
                .startsWith("application/json")) {
            throw new BadField("Content-Type", "send application/json");
        }
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new BadField("body", "at most " + MAX_BODY + " bytes");
        }
        try {
            JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new BadField("body", "a JSON object is expected");
            }
            return body;
        } catch (JacksonException e) {
            throw new BadField("body", "not JSON");
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadField(field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > 200) {
            throw new BadField(field, field + " must be a non-empty string of at most 200 characters");
        }
        return value.asText();
    }

    private static String zone(String zone) {
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            throw new BadField("timezone", "timezone must be an IANA zone such as Europe/London");
        }
    }

    private static int warehouse(JsonNode body) {
        JsonNode value = body.get("centraWarehouseId");
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new BadField("centraWarehouseId", "centraWarehouseId must be a positive integer");
        }
        return value.asInt();
    }

    private static StoreStatus status(JsonNode body, StoreStatus fallback) {
        JsonNode value = body.get("status");
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new BadField("status", "status is PLANNED or LIVE");
            }
            return fallback;
        }
        if (value.asText().equals("PLANNED") || value.asText().equals("LIVE")) {
            return StoreStatus.valueOf(value.asText());
        }
        throw new BadField("status", "status is PLANNED or LIVE (POST /v1/stores/{id}/close closes a store)");
    }

    private static List<OpeningHours> hours(JsonNode body) {
        String text = text(body, "hours", false);
        try {
            return text == null ? List.of() : StoreRecords.hours(StoreRecords.parseHours(text));
        } catch (IllegalArgumentException e) {
            throw new BadField("hours", e.getMessage());
        }
    }

    private static List<String> closedDays(JsonNode body) {
        List<String> days = new ArrayList<>();
        for (String day : strings(body, "closedDays")) {
            try {
                days.add(LocalDate.parse(day).toString());
            } catch (DateTimeException e) {
                throw new BadField("closedDays", day + " is not a date such as 2026-12-25");
            }
        }
        return days.stream().distinct().sorted().toList();
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > 100) {
            throw new BadField(field, field + " must be an array of at most 100 strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new BadField(field, field + " must be an array of strings");
            }
            strings.add(item.asText());
        }
        return strings;
    }

    /** A field of the body the registry cannot take: 400, naming it. */
    private static final class BadField extends IllegalArgumentException {
        private final String field;

        BadField(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
