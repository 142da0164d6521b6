package io.tillstream.domain.ledger;

import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.TransactionType;

/** Whether a VOID may reverse the transaction it names: each transaction is reversed at most once. */
public final class Voids {

    /** What to do with a VOID. */
    public enum Verdict { REVERSE, UNKNOWN_TRANSACTION, ALREADY_VOIDED, NOT_REVERSIBLE }

    private Voids() {
    }

    /**
     * @param targetId the transaction the VOID names
     * @param recorded what is recorded under that id: the transaction itself, the VOID that already
     *                 reversed it, or {@code null} when it was never seen (or is older than the window)
     */
    public static Verdict verdict(String targetId, PosTransaction recorded) {
        if (recorded == null) {
            return Verdict.UNKNOWN_TRANSACTION;
        }
        if (recorded.getType() != TransactionType.VOID) {
            return Verdict.REVERSE;
        }
        // A VOID recorded under its own id is the target itself: voiding a void is not defined.
        return recorded.getTransactionId().equals(targetId) ? Verdict.NOT_REVERSIBLE : Verdict.ALREADY_VOIDED;
    }
}
