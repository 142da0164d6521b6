package io.tillstream.centra.simulator.model;

import io.tillstream.centra.simulator.model.StockCommands.ChangeStock;
import io.tillstream.centra.simulator.model.StockCommands.Line;
import io.tillstream.centra.simulator.model.StockCommands.Outcome;
import io.tillstream.centra.simulator.model.StockCommands.QuantityType;
import io.tillstream.centra.simulator.model.StockCommands.SetStock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Centra's stock writes: validate everything first, then apply all lines or none. There is no
 * idempotency: the same description applied twice changes stock twice, as in Centra.
 */
public final class StockOperations {

    /** The description Centra's admin stock view would give an edit made by hand. */
    public static final String MANUAL_EDIT = "manual edit";

    private static final Logger log = LoggerFactory.getLogger(StockOperations.class);

    private final SimulationState state;

    public StockOperations(final SimulationState state) {
        this.state = state;
    }

    public Outcome changeStock(final ChangeStock cmd) {
        final List<PayloadMessage> errors = new ArrayList<>();
        requireDescription(cmd.description(), errors);
        if (cmd.intoWarehouseId() == null && cmd.outFromWarehouseId() == null) {
            errors.add(error("Either intoWarehouse or outFromWarehouse is required", "input"));
        }
        requireWarehouse(cmd.intoWarehouseId(), "intoWarehouse", errors);
        requireWarehouse(cmd.outFromWarehouseId(), "outFromWarehouse", errors);
        if (cmd.intoWarehouseId() != null && cmd.intoWarehouseId().equals(cmd.outFromWarehouseId())) {
            errors.add(error("intoWarehouse and outFromWarehouse must differ", "input", "outFromWarehouse", "id"));
        }
        final List<ProductSize> sizes = resolve(cmd.lines(), 1, errors);
        if (!errors.isEmpty()) {
            return Outcome.rejected(errors);
        }
        final List<PayloadMessage> warnings = new ArrayList<>();
        final StockDraft draft = new StockDraft(state);
        for (int i = 0; i < sizes.size(); i++) {
            final int sizeId = sizes.get(i).id();
            final int quantity = cmd.lines().get(i).quantity();
            final Integer into = cmd.intoWarehouseId();
            final Integer out = cmd.outFromWarehouseId();
            if (into != null && out != null) {
                // Centra caps a move at what the source can spare (its free-to-allocate).
                final int moved = Math.min(quantity, Math.max(0, draft.level(out, sizeId).freeToAllocateQuantity()));
                if (moved < quantity) {
                    warnings.add(new PayloadMessage("Moved " + moved + " of " + quantity + " of "
                            + sizes.get(i).sku() + ": capped at free-to-allocate", cmd.lines().get(i).quantityPath()));
                }
                draft.adjustPhysical(out, sizeId, -moved);
                draft.adjustPhysical(into, sizeId, moved);
            } else if (into != null) {
                draft.adjustPhysical(into, sizeId, quantity);
            } else {
                draft.adjustPhysical(out, sizeId, -quantity);
                if (draft.level(out, sizeId).freeToAllocateQuantity() < 0) {
                    warnings.add(new PayloadMessage("Free-to-allocate of " + sizes.get(i).sku() + " in warehouse "
                            + out + " is now negative", cmd.lines().get(i).quantityPath()));
                }
            }
        }
        final StockChange change = draft.commit(cmd.description());
        state.storeLag().told(change.lines());
        log.debug("changeStock {} applied as stock change {} ({} lines)", cmd.description(), change.id(),
                change.lines().size());
        return new Outcome(change, List.of(), warnings);
    }

    public Outcome setStock(final SetStock cmd) {
        final List<PayloadMessage> errors = new ArrayList<>();
        requireDescription(cmd.description(), errors);
        requireWarehouse(cmd.warehouseId(), "warehouse", errors);
        final List<ProductSize> sizes = resolve(cmd.lines(), 0, errors);
        if (!errors.isEmpty()) {
            return Outcome.rejected(errors);
        }
        final StockDraft draft = new StockDraft(state);
        for (int i = 0; i < sizes.size(); i++) {
            final int sizeId = sizes.get(i).id();
            final int quantity = cmd.lines().get(i).quantity();
            final int physical = cmd.quantityType() == QuantityType.PHYSICAL
                    ? quantity : quantity + draft.level(cmd.warehouseId(), sizeId).allocatedQuantity();
            draft.setPhysical(cmd.warehouseId(), sizeId, physical);
        }
        // A repeated setStock converges on the same level but still records a StockChange.
        final StockChange change = draft.commit(cmd.description());
        log.debug("setStock {} applied as stock change {}", cmd.description(), change.id());
        return new Outcome(change, List.of(), List.of());
    }

    /** Sets physical stock the way an admin does in Centra's stock view. */
    public StockChange manualEdit(final int warehouseId, final String sku, final int physical) {
        if (state.catalog().warehouse(warehouseId).isEmpty()) {
            throw new IllegalArgumentException("Warehouse " + warehouseId + " not found");
        }
        final ProductSize size = state.catalog().sizeBySku(sku)
                .orElseThrow(() -> new IllegalArgumentException("SKU " + sku + " not found"));
        if (physical < 0) {
            throw new IllegalArgumentException("physical must be >= 0");
        }
        final StockDraft draft = new StockDraft(state);
        draft.setPhysical(warehouseId, size.id(), physical);
        return draft.commit(MANUAL_EDIT);
    }

    private List<ProductSize> resolve(final List<Line> lines, final int minQuantity, final List<PayloadMessage> errors) {
        if (lines.isEmpty()) {
            errors.add(error("productSizes or productVariants must name at least one size", "input"));
        }
        final List<ProductSize> sizes = new ArrayList<>();
        for (Line line : lines) {
            state.catalog().resolve(line.size()).ifPresentOrElse(sizes::add,
                    () -> errors.add(new PayloadMessage("Product size with " + line.size().describe() + " not found",
                            line.sizePath())));
            if (line.quantity() < minQuantity) {
                errors.add(new PayloadMessage("quantity must be " + (minQuantity == 1 ? "greater than 0" : "0 or more")
                        + ", got " + line.quantity(), line.quantityPath()));
            }
        }
        return sizes;
    }

    private void requireDescription(final String description, final List<PayloadMessage> errors) {
        if (description == null || description.isBlank()) {
            errors.add(error("description must not be blank", "input", "description"));
        }
    }

    private void requireWarehouse(final Integer id, final String field, final List<PayloadMessage> errors) {
        if (id != null && state.catalog().warehouse(id).isEmpty()) {
            errors.add(error("Warehouse " + id + " not found", "input", field, "id"));
        }
    }

    private static PayloadMessage error(final String message, final Object... path) {
        return new PayloadMessage(message, List.of(path));
    }
}
