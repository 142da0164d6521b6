package io.tillstream.domain.exceptions;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Retail ops' time-based exceptions: returns waiting for inspection, and stores and tills gone quiet. Pure. */
public final class RetailOpsRules {

    static final String RETURN_RUNBOOK = "Returned units are held for inspection (not sellable, not in Centra's "
            + "stock) for longer than the SLA. Inspect them in the store and post a stock adjustment: "
            + "RETURN_RESTOCKED for units that can be sold again, RETURN_WRITTEN_OFF for the rest. It resolves when "
            + "nothing is pending inspection.";
    static final String SILENT_RUNBOOK = "The store has sent nothing (no transaction, no stock movement) during "
            + "its trading hours for longer than the threshold: a till is probably offline or cannot reach "
            + "pos-ingest (network, expired token). Call the store, check the till's connection and token; it "
            + "resolves with the store's next event, and the till's queued transactions then arrive (possibly "
            + "as LATE_TRANSACTION).";

    static final String TILL_SILENT_RUNBOOK = "A till that sends heartbeats (POST /v1/heartbeat) has sent nothing "
            + "during its store's trading hours for longer than the threshold: it is probably off, offline or cannot "
            + "reach pos-ingest, while the store's other tills may still be selling. Check the till's power, network "
            + "and token; it resolves when the till is heard again, and shows how many events it then still holds "
            + "(catching up). A till taken out of service stops being watched a week after its last heartbeat.";

    private RetailOpsRules() {
    }

    private static boolean open(ReconciliationException current) {
        return current != null && current.getStatus() == ExceptionStatus.OPEN;
    }

    /** RETURN_NOT_RESTOCKED once units have waited longer than the SLA; raised once, not on every check. */
    public static Optional<ReconciliationException> returnWaiting(ReconciliationException current, String locationId,
                                                                  String sku, Instant pendingSince, Duration sla,
                                                                  Instant now) {
        if (open(current) || !now.isAfter(pendingSince.plus(sla))) {
            return Optional.empty();
        }
        Duration waited = Duration.between(pendingSince, now);
        return Optional.of(ExceptionRules.raise(current, ExceptionType.RETURN_NOT_RESTOCKED, Owner.RETAIL_OPS,
                Severity.MEDIUM, locationId + "|" + sku, locationId, sku, "inspected within " + sla.toHours() + " h",
                "pending for " + waited.toHours() + " h",
                "Returned units of " + sku + " at " + locationId + " have been held for inspection since "
                        + pendingSince,
                RETURN_RUNBOOK, now));
    }

    public static Optional<ReconciliationException> returnInspected(ReconciliationException current, long version,
                                                                    Instant now) {
        return ExceptionRules.resolve(current, "nothing pending inspection (ledger version " + version + ")", now);
    }

    /** STORE_SILENT: quiet for longer than the threshold while trading; raised once, not on every check. */
    public static Optional<ReconciliationException> storeQuiet(ReconciliationException current, String storeId,
                                                               Instant quietSince, Duration threshold, Instant now) {
        if (open(current) || !now.isAfter(quietSince.plus(threshold))) {
            return Optional.empty();
        }
        return Optional.of(ExceptionRules.raise(current, ExceptionType.STORE_SILENT, Owner.RETAIL_OPS, Severity.HIGH,
                storeId, storeId, null, "an event at least every " + threshold.toMinutes() + " min while trading",
                "nothing since " + quietSince,
                "Store " + storeId + " has sent nothing since " + quietSince + " during its trading hours",
                SILENT_RUNBOOK, now));
    }

    /**
     * TILL_SILENT: a till that sends heartbeats has been quiet for longer than the threshold while its
     * store trades; raised once, not on every check. Tills that never sent a heartbeat are not watched:
     * a register nobody uses is quiet, not broken.
     */
    public static Optional<ReconciliationException> tillQuiet(ReconciliationException current, String storeId,
                                                              String tillId, Instant quietSince, Duration threshold,
                                                              Instant now) {
        if (open(current) || !now.isAfter(quietSince.plus(threshold))) {
            return Optional.empty();
        }
        return Optional.of(ExceptionRules.raise(current, ExceptionType.TILL_SILENT, Owner.RETAIL_OPS, Severity.MEDIUM,
                storeId + "|" + tillId, storeId, null, "a heartbeat at least every " + threshold.toMinutes()
                        + " min while trading", "nothing since " + quietSince,
                "Till " + tillId + " of store " + storeId + " has sent nothing since " + quietSince
                        + " during the store's trading hours", TILL_SILENT_RUNBOOK, now));
    }

    /** A quiet till is heard again; one that comes back holding unsent events is catching up. */
    public static Optional<ReconciliationException> tillHeard(ReconciliationException current, Instant heardAt,
                                                              int queued, Instant now) {
        return ExceptionRules.resolve(current, "heard at " + heardAt
                + (queued > 0 ? "; catching up: " + queued + " event(s) still queued on the till" : ""), now);
    }

    public static Optional<ReconciliationException> storeHeard(ReconciliationException current, Instant eventAt,
                                                               Instant now) {
        return ExceptionRules.resolve(current, "event received at " + eventAt, now);
    }

    static final String NOTICE_RUNBOOK = "The stock ledger received this event but did not apply it as written. "
            + "VOID_UNKNOWN_TRANSACTION: the till voided a sale the pipeline never received (post the sale, or "
            + "check the till's queue); VOID_ALREADY_VOIDED: a second VOID of one sale reversed nothing (check "
            + "the till; finance counts the first only); VOID_NOT_REVERSIBLE: the VOID named a VOID or another "
            + "store's sale; MOVEMENT_BEFORE_COUNT: a movement dated before the last stocktake was already in its "
            + "count (nothing to do unless the date is wrong); STOCKTAKE_SUPERSEDED / STOCKTAKE_TOO_OLD: a count "
            + "older than the one in force was not applied (re-count if it was the right one). It stays open as "
            + "the record of it.";

    /** One exception per event, size and kind of notice. */
    public static String noticeId(LedgerNotice notice) {
        return ExceptionRules.id(ExceptionType.LEDGER_NOTICE, notice.getStoreId() + "|" + notice.getEventId() + "|"
                + (notice.getSku() == null ? "*" : notice.getSku()) + "|" + notice.getKind());
    }

    /** LEDGER_NOTICE: an event the ledger did not apply as written, for the store's retail ops. */
    public static ReconciliationException ledgerNotice(ReconciliationException current, LedgerNotice notice,
                                                       Instant now) {
        Severity severity = notice.getKind().startsWith("VOID_") || notice.getKind().startsWith("STOCKTAKE_")
                ? Severity.MEDIUM : Severity.LOW;
        return ExceptionRules.raise(current, ExceptionType.LEDGER_NOTICE, Owner.RETAIL_OPS, severity,
                notice.getStoreId() + "|" + notice.getEventId() + "|" + (notice.getSku() == null ? "*" : notice.getSku())
                        + "|" + notice.getKind(), notice.getStoreId(), notice.getSku(), "applied as written",
                notice.getKind(), notice.getKind() + " for " + notice.getEventId() + " (event time "
                        + notice.getOccurredAt() + "): " + notice.getDetail(), NOTICE_RUNBOOK, now);
    }
}
