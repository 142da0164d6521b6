package io.tillstream.centra.simulator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stock edits staged against the ledger and only written by {@link #commit}, so a mutation that
 * fails half-way leaves nothing behind (Centra's userErrors mean "nothing applied").
 */
final class StockDraft {

    private final SimulationState state;
    private final Map<List<Integer>, StockLevel> staged = new LinkedHashMap<>();
    private final List<StockChangeLine> lines = new ArrayList<>();

    StockDraft(final SimulationState state) {
        this.state = state;
    }

    StockLevel level(final int warehouseId, final int sizeId) {
        final StockLevel level = staged.get(List.of(warehouseId, sizeId));
        return level != null ? level : state.ledger().level(warehouseId, sizeId);
    }

    void adjustPhysical(final int warehouseId, final int sizeId, final int delta) {
        final StockLevel current = level(warehouseId, sizeId);
        staged.put(List.of(warehouseId, sizeId), current.withPhysical(current.physicalQuantity() + delta));
        lines.add(new StockChangeLine(warehouseId, sizeId, delta));
    }

    void setPhysical(final int warehouseId, final int sizeId, final int physical) {
        adjustPhysical(warehouseId, sizeId, physical - level(warehouseId, sizeId).physicalQuantity());
    }

    /** Writes the staged levels, records one StockChange and queues its event. */
    StockChange commit(final String description) {
        staged.values().forEach(state.ledger()::put);
        final StockChange change = new StockChange(state.ids().next(IdSequence.STOCK_CHANGE), description,
                state.now(), lines);
        state.ledger().record(change);
        state.emit(EventObjectType.StockChange, EventChangeType.CREATED, change.id());
        return change;
    }
}
