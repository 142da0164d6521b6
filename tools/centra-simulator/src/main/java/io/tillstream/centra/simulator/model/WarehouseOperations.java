package io.tillstream.centra.simulator.model;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Centra's {@code updateWarehouse}, for the one setting Tillstream changes: the threshold that holds
 * a warehouse's stock back from the webshop. Like the stock writes it checks everything first and
 * changes nothing when there is a userError. Setting a threshold is absolute, so sending the same
 * update again changes nothing more.
 */
public final class WarehouseOperations {

    private static final Logger log = LoggerFactory.getLogger(WarehouseOperations.class);

    private final SimulationState state;

    public WarehouseOperations(final SimulationState state) {
        this.state = state;
    }

    /** The warehouse as it is after the update (null when userErrors is non-empty), and the errors. */
    public record Outcome(Warehouse warehouse, List<PayloadMessage> userErrors) {
        public Outcome {
            userErrors = List.copyOf(userErrors);
        }
    }

    /** @param threshold the new threshold; null leaves it as it is */
    public Outcome update(final int warehouseId, final Integer threshold) {
        final List<PayloadMessage> errors = new ArrayList<>();
        final Warehouse warehouse = state.catalog().warehouse(warehouseId).orElse(null);
        if (warehouse == null) {
            errors.add(new PayloadMessage("Warehouse " + warehouseId + " not found", List.of("id")));
        }
        if (threshold != null && threshold < 0) {
            errors.add(new PayloadMessage("threshold must be 0 or more, got " + threshold,
                    List.of("input", "threshold")));
        }
        if (!errors.isEmpty()) {
            return new Outcome(null, errors);
        }
        if (threshold == null) {
            return new Outcome(warehouse, List.of());
        }
        final Warehouse updated = warehouse.withThreshold(threshold);
        state.catalog().add(updated);
        log.debug("Warehouse {} threshold {} -> {}", warehouseId, warehouse.threshold(), threshold);
        return new Outcome(updated, List.of());
    }
}
