package io.tillstream.centra.simulator.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.tillstream.centra.simulator.model.Simulation;
import io.tillstream.centra.simulator.ratelimit.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs GraphQL requests against the simulated tenant and shapes the response as Centra does:
 * {@code data}, {@code errors}, and {@code extensions{complexity, permissionsUsed, appVersion}}.
 */
public final class GraphQlEngine {

    public static final String APP_VERSION = "tillstream-centra-simulator/0.1";
    static final String SCHEMA_RESOURCE = "/centra-simulator.graphqls";

    // graphql-java's defaults (15k tokens) would refuse a large inline setStock; Centra takes them.
    static final ParserOptions PARSER_OPTIONS = ParserOptions.getDefaultOperationParserOptions().transform(b -> b
            .maxTokens(2_000_000).maxWhitespaceTokens(4_000_000).maxCharacters(32 * 1024 * 1024));

    private final Simulation simulation;
    private final String sdl;
    private final RuntimeWiring wiring;
    /** The API without the root query fields switched off, per set of fields left out. */
    private final Map<Set<String>, GraphQL> apis = new ConcurrentHashMap<>();
    private volatile boolean stockChangeQuery = true;
    private volatile boolean stockQuery = false;

    public GraphQlEngine(final Simulation simulation, final RateLimiter limiter) {
        this.simulation = simulation;
        final RuntimeWiring.Builder builder = RuntimeWiring.newRuntimeWiring();
        new QueryFetchers(simulation, limiter).register(builder);
        new TypeFetchers(simulation).register(builder);
        new MutationFetchers(simulation).register(builder);
        this.wiring = builder.build();
        this.sdl = readSchema();
    }

    /**
     * Whether {@code Query.stockChanges} exists. Without it a query naming it fails validation
     * (HTTP 400, "Field 'stockChanges' in type 'Query' is undefined"), as on a Centra lacking it.
     */
    public void stockChangeQuery(final boolean enabled) {
        this.stockChangeQuery = enabled;
    }

    public boolean stockChangeQuery() {
        return stockChangeQuery;
    }

    /**
     * Whether the simulator's own top-level {@code Query.stock} exists. Off by default: Centra
     * reads stock through {@code warehouses { stock }} and {@code productSizes { stock }}, and a
     * client that leant on this shortcut would fail against a real tenant.
     */
    public void stockQuery(final boolean enabled) {
        this.stockQuery = enabled;
    }

    public boolean stockQuery() {
        return stockQuery;
    }

    private GraphQL api() {
        final Set<String> absent = new TreeSet<>();
        if (!stockChangeQuery) {
            absent.add("stockChanges");
        }
        if (!stockQuery) {
            absent.add("stock");
        }
        return apis.computeIfAbsent(absent, fields -> build(withoutQueryFields(sdl, fields), wiring));
    }

    /** The schema text with the named fields of {@code type Query} left out (one line each). */
    static String withoutQueryFields(final String sdl, final Set<String> fields) {
        final int start = sdl.indexOf("type Query {");
        final int end = sdl.indexOf("\n}", start);
        final StringBuilder query = new StringBuilder();
        for (String line : sdl.substring(start, end).split("\n", -1)) {
            final String trimmed = line.trim();
            if (fields.stream().noneMatch(f -> trimmed.startsWith(f + "(") || trimmed.startsWith(f + ":"))) {
                query.append(line).append('\n');
            }
        }
        return sdl.substring(0, start) + query.substring(0, query.length() - 1) + sdl.substring(end);
    }

    private static GraphQL build(final String sdl, final RuntimeWiring wiring) {
        final GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
        return GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new Errors()).build();
    }

    /** What a request produced: the HTTP status, the JSON body and the complexity to charge. */
    public record Executed(int status, Map<String, Object> body, long complexity) {
    }

    public Executed execute(final String query, final Map<String, Object> variables, final String operationName) {
        final Set<String> permissions = ConcurrentHashMap.newKeySet();
        final ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(query)
                .operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(Map.of(Permissions.CONTEXT_KEY, permissions, ParserOptions.class, PARSER_OPTIONS))
                .build();
        // One lock for the whole request: its mutations apply together, its reads see one state.
        final GraphQL api = api();
        final ExecutionResult result = OperationInspector.mutationFields(query, operationName) > 0
                ? simulation.change(Simulation.Change.GRAPHQL, new GraphQlRequest(query, variables, operationName),
                        s -> api.execute(input))
                : simulation.locked(s -> api.execute(input));
        final List<Map<String, Object>> errors = result.getErrors().stream().map(Errors::toMap).toList();
        final long complexity = Complexity.of(result.getData());
        final Map<String, Object> body = new LinkedHashMap<>();
        if (result.isDataPresent()) {
            body.put("data", result.getData());
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        final Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("complexity", complexity);
        extensions.put("permissionsUsed", List.copyOf(new TreeSet<>(permissions)));
        extensions.put("appVersion", APP_VERSION);
        body.put("extensions", extensions);
        final boolean neverRan = !result.isDataPresent() && result.getErrors().stream().allMatch(Errors::isRequestError);
        return new Executed(neverRan && !errors.isEmpty() ? 400 : 200, body, complexity);
    }

    private static String readSchema() {
        try (InputStream in = GraphQlEngine.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + SCHEMA_RESOURCE + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
        }
    }
}
