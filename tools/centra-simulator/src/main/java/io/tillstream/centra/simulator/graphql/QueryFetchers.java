package io.tillstream.centra.simulator.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.tillstream.centra.simulator.model.EventChangeType;
import io.tillstream.centra.simulator.model.EventFilter;
import io.tillstream.centra.simulator.model.EventObjectType;
import io.tillstream.centra.simulator.model.ProductSize;
import io.tillstream.centra.simulator.model.Simulation;
import io.tillstream.centra.simulator.model.SimulationState;
import io.tillstream.centra.simulator.model.StockChange;
import io.tillstream.centra.simulator.model.Warehouse;
import io.tillstream.centra.simulator.ratelimit.RateLimiter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** The top-level {@code Query} fields. */
final class QueryFetchers {

    private final Simulation simulation;
    private final RateLimiter limiter;

    QueryFetchers(final Simulation simulation, final RateLimiter limiter) {
        this.simulation = simulation;
        this.limiter = limiter;
    }

    void register(final RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("products", read("Product:read", (s, env) -> Paging.page(s.catalog().products(), env)))
                .dataFetcher("product", read("Product:read",
                        (s, env) -> s.catalog().product(env.<Integer>getArgument("id")).orElse(null)))
                .dataFetcher("productSizes", read("Product:read",
                        (s, env) -> Paging.page(productSizes(s, env.getArgument("where")), env)))
                .dataFetcher("warehouses", read("Warehouse:read",
                        (s, env) -> Paging.page(warehouses(s, env.getArgument("where")), env)))
                .dataFetcher("warehouse", read("Warehouse:read",
                        (s, env) -> s.catalog().warehouse(env.<Integer>getArgument("id")).orElse(null)))
                .dataFetcher("markets", read("Market:read", (s, env) -> Paging.page(s.catalog().markets(), env)))
                .dataFetcher("stock", read("Warehouse.stock:read",
                        (s, env) -> Paging.page(InputReader.stockFilter(env.getArgument("where")).select(s), env)))
                .dataFetcher("stockChanges", read("StockChange:read",
                        (s, env) -> Paging.page(stockChanges(s, env.getArgument("where")), env)))
                .dataFetcher("rateLimits", env -> limiter.usage().quotas().stream()
                        .map(q -> new Views.RateLimit(q.type(), q.intervalSeconds(), q.quota(), q.used(), q.remaining()))
                        .toList())
                .dataFetcher("eventListeners", read("Event:read", (s, env) -> s.events().listeners()))
                .dataFetcher("events", read("Event:read",
                        (s, env) -> s.events().events(eventFilter(env.getArgument("where")), Paging.limit(env)))));
    }

    private DataFetcher<Object> read(final String permission,
                                     final BiFunction<SimulationState, DataFetchingEnvironment, Object> f) {
        return Permissions.require(permission, env -> simulation.locked(s -> f.apply(s, env)));
    }

    private static List<ProductSize> productSizes(final SimulationState s, final Map<String, Object> where) {
        final String sku = where == null ? null : (String) where.get("SKU");
        final String gtin = where == null ? null : (String) where.get("GTIN");
        if (sku == null && gtin == null) {
            return s.catalog().sizes();
        }
        final List<ProductSize> bySku = sku == null ? null : s.catalog().sizeBySku(sku).stream().toList();
        final List<ProductSize> byGtin = gtin == null ? null : s.catalog().sizeByGtin(gtin).stream().toList();
        if (bySku == null) {
            return byGtin;
        }
        return byGtin == null ? bySku : bySku.stream().filter(byGtin::contains).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Warehouse> warehouses(final SimulationState s, final Map<String, Object> where) {
        final Map<String, Object> name = where == null ? null : (Map<String, Object>) where.get("name");
        if (name == null) {
            return s.catalog().warehouses();
        }
        final String equals = (String) name.get("equals");
        final String contains = (String) name.get("contains");
        return s.catalog().warehouses().stream()
                .filter(w -> equals == null || w.name().equals(equals))
                .filter(w -> contains == null
                        || w.name().toLowerCase(Locale.ROOT).contains(contains.toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static List<StockChange> stockChanges(final SimulationState s, final Map<String, Object> where) {
        final String description = where == null ? null : (String) where.get("description");
        final Integer id = where == null ? null : (Integer) where.get("id");
        final List<StockChange> candidates = description != null
                ? s.ledger().changesWithDescription(description) : s.ledger().changes();
        return id == null ? candidates : candidates.stream().filter(c -> c.id() == id).toList();
    }

    @SuppressWarnings("unchecked")
    private static EventFilter eventFilter(final Map<String, Object> where) {
        if (where == null) {
            return EventFilter.ALL;
        }
        final List<Integer> storeIds = (List<Integer>) where.get("storeId");
        final List<Integer> marketIds = (List<Integer>) where.get("marketId");
        return new EventFilter(enums(where, "objectType", EventObjectType.class),
                enums(where, "changeType", EventChangeType.class),
                storeIds == null ? null : Set.copyOf(storeIds), marketIds == null ? null : Set.copyOf(marketIds));
    }

    private static <E extends Enum<E>> Set<E> enums(final Map<String, Object> where, final String field,
                                                    final Class<E> type) {
        if (where.get(field) == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        final List<String> names = (List<String>) where.get(field);
        return names.stream().map(n -> Enum.valueOf(type, n)).collect(Collectors.toSet());
    }
}
