package io.tillstream.local.audit;

/** How a size in a Centra warehouse compares with the ledger of the store it stands for. */
public enum AuditStatus {
    /** Centra's physical stock equals the ledger's on-hand (no stock row in Centra counts as 0). */
    MATCH,
    /** The ledger has changes the sink has not confirmed yet, or a correction is still queued: in flight, not judged. */
    PENDING,
    /** Both know the size, with different figures, and nothing is in flight. */
    DRIFT,
    /** The ledger holds units; Centra has no stock row for the size in that warehouse. */
    ONLY_LEDGER,
    /** Centra holds units of a size the store's ledger never saw. */
    ONLY_CENTRA,
    /** The ledger is below zero: a stocktake is due before Centra can be judged. */
    NEGATIVE_LEDGER,
    /** A Centra warehouse with stock that no store location is mapped to. */
    UNMAPPED_WAREHOUSE,
    /** A store location with a ledger but no Centra warehouse mapped to it. */
    UNMAPPED_LOCATION;

    /** Whether {@code --repair} writes a correction for it (the ledger is the truth and Centra can be told). */
    public boolean repairable() {
        return this == DRIFT || this == ONLY_LEDGER || this == ONLY_CENTRA;
    }
}
