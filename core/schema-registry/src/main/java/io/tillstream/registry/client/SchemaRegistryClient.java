package io.tillstream.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API, restricted to the documented endpoints every
 * Confluent-compatible registry serves (Confluent, Karapace, Apicurio's ccompat API, Redpanda, and
 * {@code EmbeddedSchemaRegistry}). Only Avro schemas; a missing {@code schemaType} means Avro.
 *
 * <p>Schemas by id and ids by (subject, schema) are cached for the life of the client: both are
 * immutable in a registry. Thread-safe; share one instance per registry.
 */
public final class SchemaRegistryClient {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY_CHARS = 300;

    private final List<URI> baseUrls; // credentials stripped: safe to print
    private final String authorization; // "Basic …" or null; never logged
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** A client for one registry URL (which may carry {@code user:password@} for basic auth). */
    public SchemaRegistryClient(String url) {
        this(Map.of(SchemaRegistryClientConfig.URL_CONFIG, url));
    }

    /** A client configured with the keys of {@link SchemaRegistryClientConfig}; other keys are ignored. */
    public SchemaRegistryClient(Map<String, ?> configs) {
        this(new SchemaRegistryClientConfig(configs));
    }

    public SchemaRegistryClient(SchemaRegistryClientConfig config) {
        List<URI> urls = new ArrayList<>();
        String urlUserInfo = null;
        for (String url : config.urls()) {
            URI uri = parseUrl(url);
            if (uri.getRawUserInfo() != null && urlUserInfo == null) {
                urlUserInfo = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            }
            urls.add(withoutUserInfo(uri));
        }
        this.baseUrls = List.copyOf(urls);
        String userInfo = config.userInfo() != null ? config.userInfo().value() : urlUserInfo;
        this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = Duration.ofMillis(config.requestTimeoutMs());
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // registries speak HTTP/1.1; skips the h2c upgrade dance
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NORMAL);
        config.tls().ifPresent(tls -> http.sslContext(tls.sslContext()));
        this.http = http.build();
    }

    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode response = send("POST", subjectPath(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(response, "id", "register");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        log.debug("Schema {} is id {} under subject {}", schema.getFullName(), id, subject);
        return id;
    }

    /** The schema with this global id. */
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode response = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parseSchema(response, "schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return schemasById.get(id);
    }

    /**
     * Whether {@code schema} may be registered under {@code subject} according to the subject's
     * compatibility level, checked against its latest version. True when the subject does not exist yet.
     */
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode response = send("POST", "/compatibility" + subjectPath(subject) + "/versions/latest",
                    schemaBody(schema));
            JsonNode compatible = response.get("is_compatible");
            if (compatible == null || !compatible.isBoolean()) {
                throw new SchemaRegistryException("Schema registry " + baseUrls.get(0)
                        + " answered a compatibility check without is_compatible: " + abbreviate(response.toString()),
                        200, 200);
            }
            return compatible.booleanValue();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true; // nothing to be incompatible with
            }
            throw e;
        }
    }

    /** The id of {@code schema} if it is registered under {@code subject}; never registers. */
    public Optional<Integer> lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            JsonNode response = send("POST", subjectPath(subject), schemaBody(schema));
            int id = requiredInt(response, "id", "lookup");
            idsBySubjectSchema.put(key, id);
            schemasById.putIfAbsent(id, schema);
            return Optional.of(id);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** All subjects of the registry. Not cached. */
    public List<String> subjects() {
        JsonNode response = send("GET", "/subjects", null);
        if (!response.isArray()) {
            throw new SchemaRegistryException("Schema registry " + baseUrls.get(0)
                    + " answered GET /subjects with something other than a list: " + abbreviate(response.toString()),
                    200, 200);
        }
        List<String> subjects = new ArrayList<>();
        response.forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    /** The first registry URL, without credentials. */
    public URI url() {
        return baseUrls.get(0);
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient" + baseUrls;
    }

    private Map<String, String> schemaBody(Schema schema) {
        // schemaType is left out: absent means AVRO everywhere, and older registries reject the field.
        return Map.of("schema", schema.toString());
    }

    private JsonNode send(String method, String path, Object body) {
        byte[] payload;
        try {
            payload = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("Could not encode a registry request body", e);
        }
        SchemaRegistryException unreachable = null;
        for (URI base : baseUrls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(requestTimeout)
                    .header("Accept", CONTENT_TYPE + ", application/json");
            if (payload != null) {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                unreachable = new SchemaRegistryException("Could not reach the schema registry at " + base
                        + " (" + method + " " + path + "): " + describe(e), e);
                log.debug("{}", unreachable.getMessage());
                continue; // the next URL, if any
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while calling the schema registry at " + base, e);
            }
            log.trace("{} {}{} -> {}", method, base, path, response.statusCode());
            if (response.statusCode() / 100 == 2) {
                return readJson(base, method, path, response.body());
            }
            throw error(base, method, path, response);
        }
        throw unreachable;
    }

    private String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + requestTimeout.toMillis() + " ms";
        }
        // java.net.ConnectException from HttpClient often has a null message
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    private static JsonNode readJson(URI base, String method, String path, byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry " + base + " answered " + method + " " + path
                    + " with something other than JSON: " + abbreviate(new String(body, StandardCharsets.UTF_8)), e);
        }
    }

    private static SchemaRegistryException error(URI base, String method, String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        int errorCode = status;
        String message = abbreviate(text);
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject()) {
                errorCode = node.path("error_code").asInt(status);
                message = node.path("message").asText(message);
            }
        } catch (IOException e) {
            // not JSON (a proxy's HTML page, say): keep the raw text
        }
        return new SchemaRegistryException("Schema registry " + base + " answered HTTP " + status
                + " (error_code " + errorCode + ") to " + method + " " + path + ": " + message, status, errorCode);
    }

    private Schema parseSchema(JsonNode response, String what) {
        String type = response.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException("The registry holds a " + type + " schema for " + what
                    + "; only Avro is supported", 200, 200);
        }
        JsonNode references = response.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw new SchemaRegistryException("The schema for " + what
                    + " uses schema references, which this client does not resolve", 200, 200);
        }
        JsonNode text = response.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("Schema registry " + baseUrls.get(0) + " returned no schema for "
                    + what + ": " + abbreviate(response.toString()), 200, 200);
        }
        try {
            // Defaults are not validated: this schema only decodes data already written with it.
            return new Schema.Parser().setValidateDefaults(false).parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("The schema for " + what + " is not valid Avro: " + e.getMessage(), e);
        }
    }

    private int requiredInt(JsonNode response, String field, String call) {
        JsonNode value = response.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry " + baseUrls.get(0) + " answered " + call
                    + " without a numeric " + field + ": " + abbreviate(response.toString()), 200, 200);
        }
        return value.intValue();
    }

    private static String subjectPath(String subject) {
        // URLEncoder is for forms: a space must become %20 in a path, not '+'.
        return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "…";
    }

    private static URI parseUrl(String url) {
        try {
            URI uri = new URI(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("Not an http(s) URL for the schema registry: "
                        + withoutUserInfo(uri));
            }
            return uri;
        } catch (URISyntaxException e) {
            // the input may hold a password: do not echo it
            throw new IllegalArgumentException("Malformed schema registry URL (" + e.getReason() + ")");
        }
    }

    private static URI withoutUserInfo(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + path);
    }
}
