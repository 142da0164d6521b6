package io.tillstream.domain.exceptions;

import io.tillstream.domain.sync.Rejection;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.StockLevel;
import java.time.Instant;
import java.util.Optional;

/**
 * When a condition raises, updates or resolves an exception. Pure: the topology feeds it the
 * current exception (if any) and the new evidence, and publishes what it returns.
 */
public final class ExceptionRules {

    static final String NEGATIVE_STOCK_RUNBOOK = "The ledger went below zero: the till sold units the ledger did "
            + "not know of (a missed delivery or transfer, or a mis-scan). Count the SKU in the store and post a "
            + "PARTIAL stocktake; the exception resolves when on-hand is back at or above zero.";
    static final String SKU_UNKNOWN_RUNBOOK = "Centra has no size with this SKU, so the store's stock for it "
            + "cannot be pushed (an orphaned sale). Ecommerce: add the size in Centra (or fix the SKU on the till "
            + "side); its pending stock is pushed once the size exists.";
    static final String SYNC_FAILED_RUNBOOK = "The Centra sink could not push this change and parked it on the "
            + "dead-letter queue. Integration: read the reason, fix the mapping or configuration, and replay the "
            + "DLQ record.";

    private ExceptionRules() {
    }

    public static String id(ExceptionType type, String subject) {
        return type + ":" + subject;
    }

    /** NEGATIVE_STOCK opens when on-hand goes below zero and resolves when it is back at or above zero. */
    public static Optional<ReconciliationException> negativeStock(ReconciliationException current, StockLevel level,
                                                                  Instant now) {
        String subject = level.getLocationId() + "|" + level.getSku();
        boolean negative = level.getOnHand() < 0;
        if (negative) {
            return Optional.of(raise(current, ExceptionType.NEGATIVE_STOCK, Owner.RETAIL_OPS, Severity.MEDIUM, subject,
                    level.getLocationId(), level.getSku(), ">= 0", Integer.toString(level.getOnHand()),
                    "On-hand of " + level.getSku() + " at " + level.getLocationId() + " is " + level.getOnHand(),
                    NEGATIVE_STOCK_RUNBOOK, now));
        }
        return resolve(current, "on-hand back to " + level.getOnHand() + " (version " + level.getVersion() + ")", now);
    }

    /** A change the sink parked on the DLQ: an unknown size in Centra, or a sync failure. */
    public static ReconciliationException syncRejected(ReconciliationException current, String locationId, String sku,
                                                      String reason, Instant now) {
        boolean unknownSize = Rejection.of(reason).orElse(null) == Rejection.SIZE_REFUSED;
        ExceptionType type = unknownSize ? ExceptionType.SKU_UNKNOWN_IN_CENTRA : ExceptionType.SYNC_FAILED;
        Owner owner = unknownSize ? Owner.ECOMMERCE : Owner.INTEGRATION;
        return raise(current, type, owner, Severity.HIGH, locationId + "|" + sku, locationId, sku,
                "stock pushed to Centra", "rejected", reason == null ? "rejected by the Centra sink" : reason,
                unknownSize ? SKU_UNKNOWN_RUNBOOK : SYNC_FAILED_RUNBOOK, now);
    }

    /**
     * A till sold (or took back) a SKU that Centra's catalogue does not have: raised at once from the
     * till's event, before the stock push fails. The same exception as the sink's refusal of that size
     * at that store ({@link #syncRejected}): one per store and SKU, whichever sees it first, and
     * settled the same way, once a push of its stock is confirmed.
     */
    public static ReconciliationException soldUnknownSku(ReconciliationException current, String storeId,
                                                         String tillId, String sku, String transactionId,
                                                         Instant now) {
        return raise(current, ExceptionType.SKU_UNKNOWN_IN_CENTRA, Owner.ECOMMERCE, Severity.HIGH, storeId + "|" + sku,
                storeId, sku, "a size in Centra's catalogue", "not in the catalogue",
                "Till " + tillId + " of store " + storeId + " recorded " + sku + " in transaction " + transactionId
                        + ", a SKU Centra's catalogue does not have: the sale is kept, its stock cannot reach Centra",
                SKU_UNKNOWN_RUNBOOK, now);
    }

    /** A size Centra refused is settled once the sink confirms a push of its stock there. */
    public static Optional<ReconciliationException> syncConfirmed(ReconciliationException current, String mutationId,
                                                                  long sequence, Instant now) {
        return resolve(current, "stock pushed to Centra by " + mutationId + " (sequence " + sequence + ")", now);
    }

    public static ExceptionType rejectionType(String reason) {
        return Rejection.of(reason).orElse(null) == Rejection.SIZE_REFUSED
                ? ExceptionType.SKU_UNKNOWN_IN_CENTRA : ExceptionType.SYNC_FAILED;
    }

    static ReconciliationException raise(ReconciliationException current, ExceptionType type, Owner owner,
                                                 Severity severity, String subject, String storeId, String sku,
                                                 String expected, String actual, String detail, String runbook,
                                                 Instant now) {
        boolean reopen = current == null || current.getStatus() == ExceptionStatus.RESOLVED;
        return ReconciliationException.newBuilder()
                .setId(id(type, subject))
                .setType(type)
                .setOwner(owner)
                .setSeverity(severity)
                .setStatus(ExceptionStatus.OPEN)
                .setStoreId(storeId)
                .setSku(sku)
                .setExpected(expected)
                .setActual(actual)
                .setFirstSeenAt(reopen ? now : current.getFirstSeenAt())
                .setLastSeenAt(now)
                .setResolvedAt(null)
                .setDetail(detail)
                .setRunbook(runbook)
                .setEvidence(null)
                .build();
    }

    static Optional<ReconciliationException> resolve(ReconciliationException current, String evidence,
                                                             Instant now) {
        if (current == null || current.getStatus() == ExceptionStatus.RESOLVED) {
            return Optional.empty();
        }
        return Optional.of(ReconciliationException.newBuilder(current)
                .setStatus(ExceptionStatus.RESOLVED)
                .setResolvedAt(now)
                .setLastSeenAt(now)
                .setEvidence(evidence)
                .build());
    }
}
