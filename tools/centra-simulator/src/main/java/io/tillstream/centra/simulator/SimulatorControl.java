package io.tillstream.centra.simulator;

import io.tillstream.centra.simulator.model.CatalogImport;
import io.tillstream.centra.simulator.model.CatalogSpec;
import io.tillstream.centra.simulator.model.Order;
import io.tillstream.centra.simulator.model.OrderOperations;
import io.tillstream.centra.simulator.model.ProductSize;
import io.tillstream.centra.simulator.model.Simulation;
import io.tillstream.centra.simulator.model.SimulationState;
import io.tillstream.centra.simulator.model.StockChange;
import io.tillstream.centra.simulator.model.StockLevel;
import io.tillstream.centra.simulator.model.StockOperations;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test-control operations (not Centra's), shared by the {@code /_sim/} endpoints and the Java
 * API of {@link CentraSimulator}. They speak SKUs, where Centra's API speaks size ids.
 */
public final class SimulatorControl {

    private final Simulation simulation;

    public SimulatorControl(final Simulation simulation) {
        this.simulation = simulation;
    }

    /** A webshop order's outcome: ACCEPTED with its allocations, REJECTED with none, or SHIPPED. */
    public record OrderView(int orderId, String status, List<AllocationView> allocations) {
    }

    /** Units of one SKU an order reserved in one warehouse. */
    public record AllocationView(int warehouseId, String sku, int quantity) {
    }

    /**
     * All orders, how many were refused for lack of stock, and how many were accepted for units a
     * store had already sold (oversells) with the units involved.
     */
    public record OrdersView(int oversellAttempts, int oversells, int oversoldUnits, List<OrderView> orders) {
    }

    /** An admin's edit of a size's physical stock, as the journal keeps it. */
    public record ManualEdit(int warehouseId, String sku, int physical) {
    }

    /** A webshop order, as the journal keeps it. */
    public record OrderPlacement(String market, List<OrderOperations.OrderLine> lines) {
    }

    /** An order shipped, as the journal keeps it. */
    public record Shipment(int orderId) {
    }

    public CatalogSpec.Result applyCatalog(final CatalogSpec spec) {
        return simulation.change(Simulation.Change.CATALOG, spec, s -> new CatalogImport(s).apply(spec));
    }

    /** Stock rows, optionally narrowed to a warehouse and/or a SKU (an unknown SKU gives none). */
    public List<StockRow> stock(final Integer warehouseId, final String sku) {
        return simulation.locked(s -> {
            final Stream<StockLevel> rows = warehouseId != null
                    ? s.ledger().inWarehouse(warehouseId).stream() : s.ledger().all().stream();
            final Integer sizeId = sku == null ? null : s.catalog().sizeBySku(sku).map(ProductSize::id).orElse(-1);
            return rows.filter(l -> sizeId == null || l.productSizeId() == sizeId)
                    .map(l -> new StockRow(l.warehouseId(), sku(s, l.productSizeId()), l.physicalQuantity(),
                            l.allocatedQuantity(), l.freeToAllocateQuantity()))
                    .toList();
        });
    }

    public StockRow manualEdit(final int warehouseId, final String sku, final int physical) {
        simulation.change(Simulation.Change.MANUAL_EDIT, new ManualEdit(warehouseId, sku, physical), s -> {
            new StockOperations(s).manualEdit(warehouseId, sku, physical);
            return null;
        });
        return stock(warehouseId, sku).get(0);
    }

    /** Every applied stock mutation in order; {@code description} null means all. */
    public List<MutationLogEntry> mutations(final String description) {
        return simulation.locked(s -> (description == null ? s.ledger().changes()
                : s.ledger().changesWithDescription(description)).stream().map(c -> entry(s, c)).toList());
    }

    /**
     * A till's stock movement in the store a warehouse stands for, which Centra learns of only
     * when a changeStock pushes it; until then a webshop order for those units is an oversell.
     */
    public void storeMovement(final int warehouseId, final String sku, final int delta) {
        simulation.lockedRun(s -> {
            if (s.catalog().warehouse(warehouseId).isEmpty()) {
                throw new IllegalArgumentException("Warehouse " + warehouseId + " not found");
            }
            final ProductSize size = s.catalog().sizeBySku(sku)
                    .orElseThrow(() -> new IllegalArgumentException("SKU " + sku + " not found"));
            s.storeLag().moved(warehouseId, size.id(), delta);
        });
    }

    public OrderView placeOrder(final String market, final List<OrderOperations.OrderLine> lines) {
        return simulation.change(Simulation.Change.ORDER, new OrderPlacement(market, lines),
                s -> view(s, new OrderOperations(s).place(market, lines)));
    }

    public OrderView shipOrder(final int orderId) {
        return simulation.change(Simulation.Change.SHIPMENT, new Shipment(orderId),
                s -> view(s, new OrderOperations(s).ship(orderId)));
    }

    public OrdersView orders() {
        return simulation.locked(s -> new OrdersView(s.orders().oversellAttempts(), s.orders().oversells(),
                s.orders().oversoldUnits(), s.orders().orders().stream().map(o -> view(s, o)).toList()));
    }

    private static MutationLogEntry entry(final SimulationState s, final StockChange change) {
        return new MutationLogEntry(change.id(), change.description(), change.createdAt(), change.lines().stream()
                .map(l -> new MutationLogEntry.Delta(l.warehouseId(), sku(s, l.productSizeId()), l.quantity()))
                .toList());
    }

    private static OrderView view(final SimulationState s, final Order order) {
        return new OrderView(order.id(), order.status().name(), order.allocations().stream()
                .map(a -> new AllocationView(a.warehouseId(), sku(s, a.productSizeId()), a.quantity())).toList());
    }

    private static String sku(final SimulationState s, final int sizeId) {
        return s.catalog().size(sizeId).map(ProductSize::sku).orElse("#" + sizeId);
    }
}
