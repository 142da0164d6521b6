package io.tillstream.centra.sink.sync;

import io.tillstream.centra.sink.receipts.ReceiptLog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Read-back for a Centra without the stock-change query by description: was a mutation applied?
 * Centra's physical stock of each of its sizes is compared with what was read just before the
 * mutation was sent. changeStock applies all sizes of a mutation or none, so every size must tell
 * the same story: all at {@code before + delta} means applied, all at {@code before} means not
 * applied. Anything else (a shipment, a manual edit or another integration moved the stock in
 * between, or the sizes disagree) is ambiguous: re-sending could push the delta twice and not
 * re-sending could lose it, so the caller must stop and ask a person.
 */
final class StockComparison {

    private StockComparison() {
    }

    /**
     * @param physicalNow Centra's physical stock now, per SKU
     * @return applied or not; empty when the stock does not say
     */
    static Optional<Boolean> applied(List<ReceiptLog.Part> parts, Map<String, Integer> physicalNow) {
        boolean allApplied = true;
        boolean noneApplied = true;
        for (ReceiptLog.Part p : parts) {
            Integer now = physicalNow.get(p.sku());
            if (p.centraBefore() == null || now == null) {
                return Optional.empty();
            }
            allApplied &= now == p.centraBefore() + p.delta();
            noneApplied &= now.intValue() == p.centraBefore();
        }
        return allApplied == noneApplied ? Optional.empty() : Optional.of(allApplied);
    }

    /** Says what was expected and what Centra shows, so a person can decide. */
    static String explain(String mutationId, int warehouseId, List<ReceiptLog.Part> parts,
                          Map<String, Integer> physicalNow) {
        return "Cannot tell from Centra's stock whether " + mutationId + " (warehouse " + warehouseId
                + ") was applied; not re-sending it blindly. Per size, physical before / if applied / now: "
                + parts.stream().map(p -> p.sku() + " " + p.centraBefore() + "/"
                        + (p.centraBefore() == null ? "?" : p.centraBefore() + p.delta()) + "/"
                        + physicalNow.getOrDefault(p.sku(), null)).collect(Collectors.joining(", "))
                + ". Something else moved the stock in between (a shipment, a manual edit, another integration). "
                + "Find out from Centra's stock history whether it was applied, set each size's physical stock to "
                + "the 'if applied' figure (applied) or the 'before' figure (not applied: it is then sent again), "
                + "and restart the task.";
    }
}
