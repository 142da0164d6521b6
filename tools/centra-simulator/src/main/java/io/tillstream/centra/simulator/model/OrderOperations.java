package io.tillstream.centra.simulator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webshop orders as Centra handles them: allocate each line from the market's allocation rule,
 * warehouse by warehouse in rule order, never beyond what a warehouse sells (its free-to-allocate
 * less its threshold, see {@link Warehouse#sellable}); an order one line of which the rule cannot
 * cover is refused whole and counted as an oversell attempt, whether stock or a threshold left it
 * short. An accepted order that took units a store had already sold, unknown to Centra, is counted
 * as an oversell ({@link StoreLag}).
 */
public final class OrderOperations {

    private static final Logger log = LoggerFactory.getLogger(OrderOperations.class);

    private final SimulationState state;

    public OrderOperations(final SimulationState state) {
        this.state = state;
    }

    /** One requested order line. */
    public record OrderLine(String sku, int quantity) {
    }

    /**
     * @param market the market's name, or its id as text
     * @throws IllegalArgumentException for an unknown market or SKU or a quantity below 1
     */
    public Order place(final String market, final List<OrderLine> lines) {
        final Market m = findMarket(market);
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        // Every line is read before any is allocated, so a bad line refuses the request without counting anything.
        final List<Order.Line> ordered = new ArrayList<>();
        for (OrderLine line : lines) {
            final ProductSize size = state.catalog().sizeBySku(line.sku())
                    .orElseThrow(() -> new IllegalArgumentException("SKU " + line.sku() + " not found"));
            if (line.quantity() < 1) {
                throw new IllegalArgumentException("quantity must be at least 1 for " + line.sku());
            }
            ordered.add(new Order.Line(size.id(), line.quantity()));
        }
        final Map<List<Integer>, StockLevel> staged = new LinkedHashMap<>();
        final List<Order.Allocation> allocations = new ArrayList<>();
        int oversold = 0;
        for (int i = 0; i < ordered.size(); i++) {
            final int sizeId = ordered.get(i).productSizeId();
            int remaining = ordered.get(i).quantity();
            for (int warehouseId : m.allocationRule()) {
                final StockLevel level = staged.getOrDefault(List.of(warehouseId, sizeId),
                        state.ledger().level(warehouseId, sizeId));
                final Warehouse warehouse = state.catalog().warehouse(warehouseId).orElseThrow();
                final int take = Math.min(remaining, warehouse.sellable(level.freeToAllocateQuantity()));
                if (take > 0) {
                    oversold += state.storeLag().oversold(level, take);
                    staged.put(List.of(warehouseId, sizeId), level.withAllocated(level.allocatedQuantity() + take));
                    allocations.add(new Order.Allocation(warehouseId, sizeId, take));
                    remaining -= take;
                }
            }
            if (remaining > 0) {
                state.orders().countOversellAttempt();
                final Order rejected = new Order(state.ids().next(IdSequence.ORDER), m.id(), Order.Status.REJECTED,
                        ordered, List.of());
                state.orders().put(rejected);
                log.debug("Order {} rejected: market {} lacks {} of {}", rejected.id(), m.name(), remaining,
                        lines.get(i).sku());
                return rejected;
            }
        }
        staged.values().forEach(state.ledger()::put);
        if (oversold > 0) {
            state.orders().countOversell(oversold);
        }
        final Order accepted = new Order(state.ids().next(IdSequence.ORDER), m.id(), Order.Status.ACCEPTED, ordered,
                allocations);
        state.orders().put(accepted);
        // A refused order never existed for Centra (checkout would have stopped it), so only this one is an event.
        state.emit(EventObjectType.Order, EventChangeType.CREATED, accepted.id(), m.id());
        return accepted;
    }

    /**
     * Ships an accepted order: the allocated units leave the warehouse, lowering physical and allocated.
     *
     * @throws NoSuchElementException for an unknown order
     * @throws IllegalStateException  when the order is not ACCEPTED
     */
    public Order ship(final int orderId) {
        final Order order = state.orders().order(orderId)
                .orElseThrow(() -> new NoSuchElementException("Order " + orderId + " not found"));
        if (order.status() != Order.Status.ACCEPTED) {
            throw new IllegalStateException("Order " + orderId + " is " + order.status() + ", only ACCEPTED ships");
        }
        for (Order.Allocation a : order.allocations()) {
            final StockLevel level = state.ledger().level(a.warehouseId(), a.productSizeId());
            state.ledger().put(new StockLevel(a.warehouseId(), a.productSizeId(),
                    level.physicalQuantity() - a.quantity(), level.allocatedQuantity() - a.quantity()));
        }
        final Order shipped = order.withStatus(Order.Status.SHIPPED);
        state.orders().put(shipped);
        return shipped;
    }

    private Market findMarket(final String market) {
        if (market == null) {
            throw new IllegalArgumentException("market is required");
        }
        return state.catalog().marketByName(market)
                .or(() -> market.chars().allMatch(Character::isDigit) && !market.isEmpty()
                        ? state.catalog().market(Integer.parseInt(market)) : Optional.empty())
                .orElseThrow(() -> new IllegalArgumentException("Market " + market + " not found"));
    }
}
