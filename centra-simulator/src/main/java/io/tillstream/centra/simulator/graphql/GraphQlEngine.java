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

    /** The root query field a plain Centra may lack: searching stock changes by description. */
    private static final String STOCK_CHANGE_QUERY = "\n  stockChanges(where: StockChangeFilter";

    private final Simulation simulation;
    private final GraphQL graphQL;
    /** The same API without {@code Query.stockChanges}, for clients that must cope without it. */
    private final GraphQL withoutStockChangeQuery;
    private volatile boolean stockChangeQuery = true;

    public GraphQlEngine(final Simulation simulation, final RateLimiter limiter) {
        this.simulation = simulation;
        final RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
        new QueryFetchers(simulation, limiter).register(wiring);
        new TypeFetchers(simulation).register(wiring);
        new MutationFetchers(simulation).register(wiring);
        final RuntimeWiring built = wiring.build();
        final String sdl = readSchema();
        this.graphQL = build(sdl, built);
        final int field = sdl.indexOf(STOCK_CHANGE_QUERY);
        this.withoutStockChangeQuery = build(sdl.substring(0, field) + sdl.substring(sdl.indexOf('\n', field + 1)),
                built);
    }

    private static GraphQL build(final String sdl, final RuntimeWiring wiring) {
        final GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
        return GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new Errors()).build();
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
        final GraphQL api = stockChangeQuery ? graphQL : withoutStockChangeQuery;
        final ExecutionResult result = simulation.locked(s -> api.execute(input));
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
