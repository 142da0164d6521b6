package io.tillstream.testkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds a service's OpenAPI document to the server that serves it, both ways: every documented path
 * is served, every route (but the open infrastructure ones, which the documents leave out) is
 * documented, and every documented operation, called on the running server, answers only a status its
 * document lists (with unknown path values and no body, so it exercises the refusals a client must
 * handle). Hand-written documents drift from hand-written routes; this is what keeps them together.
 */
public final class OpenApiContract {

    /** Routes every service has and the documents do not list (see docs/api.md). */
    public static final Set<String> UNDOCUMENTED = Set.of("/health", "/metrics", "/openapi.yml", "/");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private OpenApiContract() {
    }

    /**
     * @param document the OpenAPI document (YAML)
     * @param routes   the server's routes: path → whether only that exact path is answered (else every
     *                 path under it)
     * @param base     the running server
     * @param token    a bearer token the server accepts
     * @return every difference found; empty when the document and the server agree
     */
    public static List<String> differences(String document, Map<String, Boolean> routes, HttpClient http, URI base,
                                           String token) throws IOException, InterruptedException {
        JsonNode paths = YAML.readTree(document).path("paths");
        List<String> documented = new ArrayList<>();
        paths.fieldNames().forEachRemaining(documented::add);
        List<String> differences = new ArrayList<>();
        for (String path : documented) {
            boolean served = routes.entrySet().stream().anyMatch(r -> r.getValue() ? r.getKey().equals(path)
                    : path.startsWith(r.getKey()));
            if (!served) {
                differences.add("documented, not served: " + path);
            }
        }
        routes.forEach((route, exact) -> {
            boolean listed = exact ? documented.contains(route) : documented.stream().anyMatch(p -> p.startsWith(route));
            if (!UNDOCUMENTED.contains(route) && !listed) {
                differences.add("served, not documented: " + route + (exact ? "" : "..."));
            }
        });
        for (String path : documented) {
            JsonNode item = paths.get(path);
            for (String method : METHODS) {
                if (item.has(method)) {
                    differences.addAll(call(http, base, token, method, path, item.get(method)));
                }
            }
        }
        return differences;
    }

    private static List<String> call(HttpClient http, URI base, String token, String method, String path,
                                     JsonNode operation) throws IOException, InterruptedException {
        String concrete = path.replaceAll("\\{([^}]+)}", "no-such-$1");
        HttpRequest request = HttpRequest.newBuilder(base.resolve(concrete))
                .header("Authorization", "Bearer " + token)
                .method(method.toUpperCase(java.util.Locale.ROOT), HttpRequest.BodyPublishers.noBody()).build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        Set<String> listed = new TreeSet<>();
        Iterator<String> codes = operation.path("responses").fieldNames();
        codes.forEachRemaining(listed::add);
        return listed.contains(Integer.toString(status)) ? List.of()
                : List.of(method.toUpperCase(java.util.Locale.ROOT) + " " + concrete + " answered " + status
                        + ", which the document does not list " + listed);
    }
}
