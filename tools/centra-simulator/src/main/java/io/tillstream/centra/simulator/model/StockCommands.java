package io.tillstream.centra.simulator.model;

import java.util.List;

/** Inputs of the two stock mutations, already read from GraphQL and carrying input paths for errors. */
public final class StockCommands {

    private StockCommands() {
    }

    /** {@code changeStock}: only into adds, only out removes, both move. Warehouse ids may be null. */
    public record ChangeStock(String description, Integer intoWarehouseId, Integer outFromWarehouseId,
                              List<Line> lines) {
        public ChangeStock {
            lines = List.copyOf(lines);
        }
    }

    /** {@code setStock}: absolute quantities in one warehouse. */
    public record SetStock(String description, int warehouseId, QuantityType quantityType, List<Line> lines) {
        public SetStock {
            lines = List.copyOf(lines);
        }
    }

    /** One size and quantity, with where each came from in the input. */
    public record Line(SizeRef size, int quantity, List<Object> sizePath, List<Object> quantityPath) {
        public Line {
            sizePath = List.copyOf(sizePath);
            quantityPath = List.copyOf(quantityPath);
        }
    }

    /** Centra's {@code StockQuantityType}: what a setStock quantity means. */
    public enum QuantityType { PHYSICAL, FREE_TO_ALLOCATE }

    /** What a stock mutation returns: the change (null when userErrors is non-empty) and messages. */
    public record Outcome(StockChange change, List<PayloadMessage> userErrors, List<PayloadMessage> userWarnings) {
        public Outcome {
            userErrors = List.copyOf(userErrors);
            userWarnings = List.copyOf(userWarnings);
        }

        public static Outcome rejected(final List<PayloadMessage> errors) {
            return new Outcome(null, errors, List.of());
        }
    }
}
