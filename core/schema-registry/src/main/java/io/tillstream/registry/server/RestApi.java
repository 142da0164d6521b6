package io.tillstream.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.registry.server.SchemaStore.Registered;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subset of Confluent's REST API that serializers, converters and {@link SchemaRegistryClient}
 * use, mapped onto a {@link SchemaStore}. Errors are answered as Confluent does:
 * {@code {"error_code": 40401, "message": "Subject 'x' not found."}}.
 */
final class RestApi implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** Confluent's code for a request without valid credentials. */
    private static final int UNAUTHORIZED = 40101;

    /** Confluent's code for an authenticated caller without the permission. */
    private static final int FORBIDDEN = 40301;

    private final SchemaStore store;
    private final Writers writers;

    /**
     * @param writers who may register what (HTTP basic auth, see {@link Writers}), or null for a registry
     *                anyone who reaches it may write to, as Confluent's is out of the box. Reads, lookups
     *                and registering a schema the subject already holds (which changes nothing) stay open:
     *                every producer and consumer needs them.
     */
    RestApi(SchemaStore store, String writers) {
        this.store = store;
        this.writers = writers == null ? null : Writers.parse(writers);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        try (exchange) {
            try {
                List<String> path = segments(exchange.getRequestURI().getRawPath());
                Object body = route(method, path, exchange);
                respond(exchange, 200, body);
            } catch (SchemaRegistryException e) {
                respond(exchange, e.status(), error(e.errorCode(), e.getMessage()));
            } catch (RuntimeException e) {
                log.error("Schema registry failed on {} {}", method, exchange.getRequestURI(), e);
                respond(exchange, 500, error(SchemaRegistryException.STORE_ERROR, "Internal error: " + e.getMessage()));
            }
        }
    }

    private Object route(String method, List<String> path, HttpExchange exchange) throws IOException {
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";
        if (n == 0) {
            return only(method, "GET", Map.of());
        }
        if (first.equals("subjects")) {
            if (n == 1) {
                only(method, "GET", null);
                return store.subjects();
            }
            String subject = path.get(1);
            if (n == 2) {
                only(method, "POST", null);
                return versionJson(store.lookup(subject, schemaText(exchange)));
            }
            if (path.get(2).equals("versions")) {
                if (n == 3 && method.equals("POST")) {
                    String schema = schemaText(exchange);
                    if (writers != null && !store.holds(subject, schema)) {
                        requireWriter(exchange, subject);
                    }
                    return Map.of("id", store.register(subject, schema).id());
                }
                if (n == 3) {
                    only(method, "GET", null);
                    return store.versions(subject).stream().map(Registered::version).toList();
                }
                Registered version = store.version(subject, version(path.get(3)));
                if (n == 4) {
                    only(method, "GET", null);
                    return versionJson(version);
                }
                if (n == 5 && path.get(4).equals("schema")) {
                    only(method, "GET", null);
                    return JSON.readTree(version.schema().toString());
                }
            }
        }
        if (first.equals("schemas") && n >= 3 && path.get(1).equals("ids")) {
            only(method, "GET", null);
            int id = id(path.get(2));
            if (n == 3) {
                return Map.of("schema", store.byId(id).toString()); // schemaType left out: AVRO
            }
            if (n == 4 && path.get(3).equals("schema")) {
                return JSON.readTree(store.byId(id).toString());
            }
        }
        if (first.equals("compatibility") && n == 5 && path.get(1).equals("subjects")
                && path.get(3).equals("versions")) {
            only(method, "POST", null);
            return Map.of("is_compatible", store.isCompatible(path.get(2), version(path.get(4)), schemaText(exchange)));
        }
        if (first.equals("config")) {
            only(method, "GET", null);
            if (n == 1) {
                return Map.of("compatibilityLevel", SchemaStore.COMPATIBILITY_LEVEL);
            }
            if (n == 2) {
                throw new SchemaRegistryException("Subject '" + path.get(1) + "' does not have subject-level"
                        + " compatibility configured", 404, SchemaRegistryException.SUBJECT_CONFIG_NOT_FOUND);
            }
        }
        throw new SchemaRegistryException("HTTP 404 Not Found", 404, 404);
    }

    /** A refusal names the subject and the user, never what was sent. */
    private void requireWriter(HttpExchange exchange, String subject) {
        String from = exchange.getRemoteAddress().getAddress().getHostAddress();
        Optional<String> user = writers.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (user.isEmpty()) {
            log.warn("Refused to register a schema under {} from {}: not a writer", subject, from);
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"schema-registry\"");
            throw new SchemaRegistryException("Registering a schema needs a registry writer's credentials", 401,
                    UNAUTHORIZED);
        }
        if (!writers.mayWrite(user.get(), subject)) {
            log.warn("Refused to register a schema under {} from {} ({}): not one of its subjects", subject, from,
                    user.get());
            throw new SchemaRegistryException("User " + user.get() + " may not register schemas under subject '"
                    + subject + "'", 403, FORBIDDEN);
        }
    }

    private static Object only(String method, String allowed, Object result) {
        if (!method.equals(allowed)) {
            throw new SchemaRegistryException("HTTP 405 Method Not Allowed", 405, 405);
        }
        return result;
    }

    private static Map<String, Object> versionJson(Registered r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", r.subject());
        json.put("version", r.version());
        json.put("id", r.id());
        json.put("schema", r.schema().toString());
        return json;
    }

    private static Map<String, Object> error(int code, String message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error_code", code);
        json.put("message", message);
        return json;
    }

    /** The {@code schema} of a request body {@code {"schema": "...", "schemaType": "AVRO"}}. */
    private static String schemaText(HttpExchange exchange) throws IOException {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new SchemaRegistryException("Request body larger than " + MAX_BODY_BYTES + " bytes", 413, 413);
            }
            body = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SchemaRegistryException("Unrecognized request body: not JSON", 400, 400);
        }
        if (body == null || !body.path("schema").isTextual()) {
            throw new SchemaRegistryException("Invalid schema: the request body needs a \"schema\" string", 422,
                    SchemaRegistryException.INVALID_SCHEMA);
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equalsIgnoreCase("AVRO")) {
            throw new SchemaRegistryException("Invalid schema: schemaType " + type + " is not supported, only AVRO",
                    422, SchemaRegistryException.INVALID_SCHEMA);
        }
        if (body.path("references").size() > 0) {
            throw new SchemaRegistryException("Invalid schema: schema references are not supported", 422,
                    SchemaRegistryException.INVALID_SCHEMA);
        }
        return body.get("schema").asText();
    }

    private static int version(String text) {
        if (text.equals("latest") || text.equals("-1")) {
            return SchemaStore.LATEST;
        }
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new SchemaRegistryException("The specified version '" + text + "' is not a valid version id. Allowed"
                + " values are between [1, 2^31-1] and the string \"latest\"", 422,
                SchemaRegistryException.INVALID_VERSION);
    }

    private static int id(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException("HTTP 404 Not Found", 404, 404);
        }
    }

    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                // '+' is literal in a path: protect it from URLDecoder, which is for forms
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
