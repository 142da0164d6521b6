package io.tillstream.reconciliation.exceptions;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Retail ops' time-based exceptions: returns waiting for inspection, and stores gone quiet. Pure. */
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

    public static Optional<ReconciliationException> storeHeard(ReconciliationException current, Instant eventAt,
                                                               Instant now) {
        return ExceptionRules.resolve(current, "event received at " + eventAt, now);
    }
}
