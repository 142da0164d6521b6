package io.tillstream.domain.exceptions;

import io.tillstream.schemas.CentraStockObservation;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * STOCK_DRIFT: Centra's physical stock for a (warehouse, size) differs from what the POS ledger
 * and the sink's confirmed pushes imply. Only comparable pairs count: the last CONFIRMED receipt
 * says which ledger on-hand Centra should show, and an observation read before that confirmation
 * (an in-flight change) proves nothing either way.
 */
public final class DriftRules {

    static final String RUNBOOK = "Centra's physical stock for this size and store warehouse no longer matches the "
            + "store's ledger after the last confirmed push: someone edited it in Centra, or a change reached "
            + "Centra outside Tillstream. Integration: check Centra's stock history for the size; if the store's "
            + "count is right, correct Centra (or post a stocktake to have the pipeline push it).";

    private DriftRules() {
    }

    /** What Centra should show, when the receipt and the observation can be compared. */
    public static OptionalInt expected(SyncReceipt receipt, CentraStockObservation observation) {
        if (receipt == null || observation == null || receipt.getStatus() != SyncStatus.CONFIRMED
                || receipt.getLedgerOnHand() == null || !observation.getObservedAt().isAfter(receipt.getAt())) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(receipt.getLedgerOnHand());
    }

    public static ReconciliationException raise(ReconciliationException current, SyncReceipt receipt,
                                                CentraStockObservation observation, Instant since, Instant now) {
        String subject = receipt.getWarehouseId() + "|" + receipt.getSku();
        ReconciliationException raised = ExceptionRules.raise(current, ExceptionType.STOCK_DRIFT, Owner.INTEGRATION,
                Severity.HIGH, subject, receipt.getLocationId(), receipt.getSku(),
                Integer.toString(receipt.getLedgerOnHand()), Integer.toString(observation.getPhysical()),
                "Centra warehouse " + receipt.getWarehouseId() + " shows " + observation.getPhysical() + " of "
                        + receipt.getSku() + "; the ledger of " + receipt.getLocationId() + " says "
                        + receipt.getLedgerOnHand() + " (as of " + receipt.getMutationId() + ")",
                RUNBOOK, now);
        // The gap began when it was first seen, not when the grace period ran out.
        return current == null || current.getStatus() != ExceptionStatus.OPEN
                ? ReconciliationException.newBuilder(raised).setFirstSeenAt(since).build() : raised;
    }

    public static Optional<ReconciliationException> resolve(ReconciliationException current,
                                                            CentraStockObservation observation, Instant now) {
        return ExceptionRules.resolve(current, "Centra shows " + observation.getPhysical() + " again, as the ledger does",
                now);
    }

    public static String id(int warehouseId, String sku) {
        return ExceptionRules.id(ExceptionType.STOCK_DRIFT, warehouseId + "|" + sku);
    }

    /** The Centra warehouse of a STOCK_DRIFT exception, from its id ({@code STOCK_DRIFT:warehouseId|sku}). */
    public static OptionalInt warehouseOf(ReconciliationException drift) {
        String prefix = ExceptionRules.id(ExceptionType.STOCK_DRIFT, "");
        String id = drift.getId();
        int bar = id.indexOf('|');
        if (drift.getType() != ExceptionType.STOCK_DRIFT || !id.startsWith(prefix) || bar < prefix.length()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(id.substring(prefix.length(), bar)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
