package io.tillstream.centra.sink.sync;

/**
 * One correction of {@code centra.corrections.v1}: an audit found Centra's physical stock of a size
 * {@code delta} away from the ledger's {@code ledgerOnHand} with nothing in flight, or a parked
 * change re-driven, whose ledger {@code sequence} it settles (0 for an audit's correction).
 */
public record CorrectionRecord(String auditId, String locationId, String sku, int warehouseId, int delta,
                               int ledgerOnHand, long sequence, RecordRef record) {

    /**
     * The mutation's description, the same for every delivery of this correction: read back before
     * each send, it is what applies a correction once although changeStock has no idempotency key.
     */
    public String description() {
        return description(auditId, warehouseId, sku);
    }

    /** The description of a correction: {@code tillstream:<audit>:<warehouse>|<sku>}. */
    public static String description(String auditId, int warehouseId, String sku) {
        return "tillstream:" + auditId + ":" + warehouseId + "|" + sku;
    }

    public String key() {
        return locationId + "|" + sku;
    }
}
