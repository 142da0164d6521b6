package io.tillstream.centra.simulator.model;

import java.time.Instant;
import java.util.List;

/**
 * One applied stock mutation (changeStock, setStock or a manual edit), with the physical delta it
 * caused per warehouse and size. A move has two lines: minus at the source, plus at the target.
 */
public record StockChange(int id, String description, Instant createdAt, List<StockChangeLine> lines) {

    public StockChange {
        lines = List.copyOf(lines);
    }
}
