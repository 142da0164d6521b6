package io.tillstream.centra.simulator.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.tillstream.centra.simulator.model.Event;
import io.tillstream.centra.simulator.model.Market;
import io.tillstream.centra.simulator.model.Order;
import io.tillstream.centra.simulator.model.Product;
import io.tillstream.centra.simulator.model.ProductSize;
import io.tillstream.centra.simulator.model.ProductVariant;
import io.tillstream.centra.simulator.model.Simulation;
import io.tillstream.centra.simulator.model.SimulationState;
import io.tillstream.centra.simulator.model.StockChange;
import io.tillstream.centra.simulator.model.StockChangeLine;
import io.tillstream.centra.simulator.model.StockFilter;
import io.tillstream.centra.simulator.model.StockLevel;
import io.tillstream.centra.simulator.model.StockTotals;
import io.tillstream.centra.simulator.model.Warehouse;
import java.util.List;

/**
 * Fields that follow a relation (size → variant, stock → warehouse, …) or whose Centra name is not
 * a Java accessor name ({@code SKU}, {@code GTIN}). Plain fields resolve from record accessors.
 */
final class TypeFetchers {

    private final Simulation simulation;

    TypeFetchers(final Simulation simulation) {
        this.simulation = simulation;
    }

    void register(final RuntimeWiring.Builder wiring) {
        wiring.type("Product", t -> t
                .dataFetcher("variants", on(Product.class, (s, p, env) -> s.catalog().variantsOf(p.id()))));
        wiring.type("ProductVariant", t -> t
                .dataFetcher("product", on(ProductVariant.class,
                        (s, v, env) -> s.catalog().product(v.productId()).orElseThrow()))
                .dataFetcher("productSizes", on(ProductVariant.class, (s, v, env) -> s.catalog().sizesOf(v.id()))));
        wiring.type("ProductSize", t -> t
                .dataFetcher("SKU", env -> env.<ProductSize>getSource().sku())
                .dataFetcher("GTIN", env -> env.<ProductSize>getSource().gtin())
                .dataFetcher("EAN", env -> env.<ProductSize>getSource().gtin())
                .dataFetcher("UPC", env -> env.<ProductSize>getSource().upc())
                .dataFetcher("productVariant", on(ProductSize.class,
                        (s, size, env) -> s.catalog().variant(size.variantId()).orElseThrow()))
                .dataFetcher("stock", Permissions.require("ProductSize.stock:read", on(ProductSize.class,
                        (s, size, env) -> Paging.page(
                                InputReader.stockFilter(env.getArgument("where")).withSize(size.id()).select(s), env))))
                .dataFetcher("stockTotals", Permissions.require("ProductSize.stockTotals:read", on(ProductSize.class,
                        (s, size, env) -> StockTotals.of(StockFilter.ALL.withSize(size.id()).select(s))))));
        wiring.type("Warehouse", t -> t
                .dataFetcher("stock", Permissions.require("Warehouse.stock:read", on(Warehouse.class,
                        (s, w, env) -> Paging.page(warehouseStock(s, w, env), env)))));
        // Centra's schema asks Warehouse:read for the warehouse a WarehouseUpdatePayload returns.
        wiring.type("WarehouseUpdatePayload", t -> t
                .dataFetcher("warehouse", Permissions.require("Warehouse:read",
                        env -> env.<Views.WarehouseUpdatePayload>getSource().warehouse())));
        wiring.type("Market", t -> t
                .dataFetcher("allocationRule", on(Market.class, (s, m, env) -> new Views.AllocationRule(m.id(),
                        m.name(), m.allocationRule().stream()
                        .map(id -> s.catalog().warehouse(id).orElseThrow()).toList()))));
        wiring.type("Stock", t -> t
                .dataFetcher("warehouse", on(StockLevel.class,
                        (s, level, env) -> s.catalog().warehouse(level.warehouseId()).orElseThrow()))
                .dataFetcher("productSize", on(StockLevel.class,
                        (s, level, env) -> s.catalog().size(level.productSizeId()).orElseThrow())));
        wiring.type("StockChangeLine", t -> t
                .dataFetcher("warehouse", on(StockChangeLine.class,
                        (s, line, env) -> s.catalog().warehouse(line.warehouseId()).orElseThrow()))
                .dataFetcher("productSize", on(StockChangeLine.class,
                        (s, line, env) -> s.catalog().size(line.productSizeId()).orElseThrow())));
        wireOrders(wiring);
        wiring.type("Event", t -> t
                .dataFetcher("object", on(Event.class, TypeFetchers::target)));
        wiring.type("EventTarget", t -> t.typeResolver(env -> {
            final Object target = env.getObject();
            final String name = target instanceof ProductSize ? "ProductSize"
                    : target instanceof StockChange ? "StockChange"
                    : target instanceof Order ? "Order" : "Warehouse";
            return env.getSchema().getObjectType(name);
        }));
    }

    private void wireOrders(final RuntimeWiring.Builder wiring) {
        wiring.type("Order", t -> t
                .dataFetcher("id", env -> String.valueOf(env.<Order>getSource().id()))
                .dataFetcher("number", env -> env.<Order>getSource().id())
                .dataFetcher("status", env -> centraStatus(env.<Order>getSource().status()))
                .dataFetcher("market", on(Order.class, (s, o, env) -> s.catalog().market(o.marketId()).orElseThrow())));
        wiring.type("OrderLine", t -> t
                .dataFetcher("productSize", on(Order.Line.class,
                        (s, line, env) -> s.catalog().size(line.productSizeId()).orElseThrow()))
                .dataFetcher("productNumber", on(Order.Line.class, (s, line, env) -> {
                    final ProductSize size = s.catalog().size(line.productSizeId()).orElseThrow();
                    final ProductVariant variant = s.catalog().variant(size.variantId()).orElseThrow();
                    return s.catalog().product(variant.productId()).orElseThrow().productNumber();
                }))
                .dataFetcher("size", on(Order.Line.class,
                        (s, line, env) -> s.catalog().size(line.productSizeId()).orElseThrow().description())));
        wiring.type("OrderAllocation", t -> t
                .dataFetcher("warehouse", on(Order.Allocation.class,
                        (s, a, env) -> s.catalog().warehouse(a.warehouseId()).orElseThrow()))
                .dataFetcher("productSize", on(Order.Allocation.class,
                        (s, a, env) -> s.catalog().size(a.productSizeId()).orElseThrow())));
    }

    /**
     * Centra's OrderStatus for the simulator's: an accepted order is allocated and awaits shipping,
     * which Centra calls CONFIRMED. A refused order queues no event, so no client reaches it.
     */
    private static String centraStatus(final Order.Status status) {
        return switch (status) {
            case ACCEPTED -> "CONFIRMED";
            case SHIPPED -> "SHIPPED";
            case REJECTED -> "CANCELLED";
        };
    }

    private static List<StockLevel> warehouseStock(final SimulationState s, final Warehouse w,
                                                   final DataFetchingEnvironment env) {
        final StockFilter filter = InputReader.stockFilter(env.getArgument("where"));
        if (filter.warehouseIds() != null && !filter.warehouseIds().contains(w.id())) {
            return List.of();
        }
        return filter.withWarehouse(w.id()).select(s);
    }

    /** The object an event is about, as it is now; null once it no longer exists. */
    private static Object target(final SimulationState s, final Event event, final DataFetchingEnvironment env) {
        final int id = (int) event.objectReference();
        return switch (event.objectType()) {
            case ProductSize -> s.catalog().size(id).orElse(null);
            case StockChange -> s.ledger().change(id).orElse(null);
            case Warehouse -> s.catalog().warehouse(id).orElse(null);
            case Order -> s.orders().order(id).orElse(null);
        };
    }

    private <T> DataFetcher<Object> on(final Class<T> sourceType, final SourceFunction<T> f) {
        return env -> simulation.locked(s -> f.apply(s, sourceType.cast(env.getSource()), env));
    }

    /** A field of a {@code T}, computed from the state. */
    @FunctionalInterface
    private interface SourceFunction<T> {
        Object apply(SimulationState state, T source, DataFetchingEnvironment env);
    }
}
