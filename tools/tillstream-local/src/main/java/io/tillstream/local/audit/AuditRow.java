package io.tillstream.local.audit;

/**
 * One size of one warehouse in the audit. {@code ledger} and {@code centra} are null where that
 * side has nothing; the last confirmed push (its mutation, sequence and the events that caused
 * it) says what Centra was last told.
 */
public record AuditRow(AuditStatus status, Integer warehouseId, String locationId, String sku, Integer ledger,
                       Integer centra, String lastMutation, Long lastSequence, String causes) {

    /** What Centra must gain to show the ledger's figure. */
    public int difference() {
        return (ledger == null ? 0 : ledger) - (centra == null ? 0 : centra);
    }
}
