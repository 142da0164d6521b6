package io.tillstream.reconciliation;

import io.tillstream.reconciliation.alerts.AlertSettings;
import io.tillstream.domain.finance.ClosedMonths;
import io.tillstream.domain.stores.StoreDirectory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The business thresholds of reconciliation.
 *
 * @param stores              time zones and trading hours of the stores
 * @param closeGrace          how long after a store's close time its day's totals are final
 * @param settlementTolerance how far a payout may differ from the day's card tenders before finance hears of it
 * @param inspectionSla       how long returned units may wait for inspection
 * @param silenceThreshold    how long a trading store may send nothing before retail ops hears of it
 * @param checkInterval       how often the wall-clock checks (day close, SLAs, silence) run
 * @param transactionRetention how long finance remembers a transaction (event time), to count a re-post once
 *                            and to let a VOID find what it reverses; older ones are purged
 * @param alerts              the owners' webhooks
 * @param driftGrace          how long Centra may differ from the ledger's last confirmed push before it is STOCK_DRIFT
 * @param syncSlo             how long a store movement may wait for Centra's confirmation before it is SYNC_STALLED
 * @param payoutDays          banking days after a store-day by which its card payments must have a payout, or it
 *                            is SETTLEMENT_MISSING
 * @param depositDays         banking days after a store-day by which its cash must be banked, or it is DEPOSIT_MISSING
 * @param tillSilenceThreshold how long a till that sends heartbeats may send nothing while trading before it is TILL_SILENT
 * @param closedMonths        the months finance has closed, followed live (a late transaction in one is flagged)
 */
public record ReconciliationSettings(StoreDirectory stores, Duration closeGrace, BigDecimal settlementTolerance,
                                     Duration inspectionSla, Duration silenceThreshold, Duration checkInterval,
                                     Duration transactionRetention, AlertSettings alerts, Duration driftGrace,
                                     Duration syncSlo, int payoutDays, int depositDays,
                                     Duration tillSilenceThreshold, ClosedMonths closedMonths) {

    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofMinutes(30);
    public static final BigDecimal DEFAULT_SETTLEMENT_TOLERANCE = new BigDecimal("0.01");
    public static final Duration DEFAULT_INSPECTION_SLA = Duration.ofHours(48);
    public static final Duration DEFAULT_SILENCE_THRESHOLD = Duration.ofMinutes(60);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);
    /** A month's close plus a few days: re-posts and voids come within hours, but a till may be offline for days. */
    public static final Duration DEFAULT_TRANSACTION_RETENTION = Duration.ofDays(35);
    /** Longer than a push takes to be confirmed and read back (source connectors poll every few seconds). */
    public static final Duration DEFAULT_DRIFT_GRACE = Duration.ofMinutes(2);
    /**
     * Five minutes is far beyond an honest backlog: the sink nets a size's changes and sends up to
     * 200 sizes per mutation, so even every size of a 400-SKU store changed at once is two
     * mutations, seconds within Growth's budget share; a 429 names a Retry-After of seconds. A
     * location still waiting after five minutes is not queueing, it is stuck (see docs/operations.md).
     */
    public static final Duration DEFAULT_SYNC_SLO = Duration.ofMinutes(5);
    /**
     * Card acquirers pay a day's sales out some banking days later, by the merchant's payout schedule:
     * two covers a daily schedule with a day's delay. A brand on a slower schedule sets its own
     * ({@code TILLSTREAM_PAYOUT_DAYS}), so that an ordinary payout never raises SETTLEMENT_MISSING.
     */
    public static final int DEFAULT_PAYOUT_DAYS = 2;
    /** Stores bank a day's cash on the next banking day; one that banks twice a week sets its own. */
    public static final int DEFAULT_DEPOSIT_DAYS = 1;
    /** Tills heartbeat every few minutes: a quarter of an hour is several missed in a row, not a slow network. */
    public static final Duration DEFAULT_TILL_SILENCE_THRESHOLD = Duration.ofMinutes(15);

    public ReconciliationSettings {
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(closedMonths, "closedMonths");
        if (closeGrace.isNegative() || settlementTolerance.signum() < 0 || !positive(inspectionSla)
                || !positive(silenceThreshold) || !positive(checkInterval) || !positive(transactionRetention)
                || driftGrace.isNegative() || !positive(syncSlo) || payoutDays < 0 || depositDays < 0
                || !positive(tillSilenceThreshold)) {
            throw new IllegalArgumentException("Reconciliation thresholds must not be negative and intervals must "
                    + "be positive: " + closeGrace + ", " + settlementTolerance + ", " + inspectionSla + ", "
                    + silenceThreshold + ", " + checkInterval + ", " + transactionRetention + ", " + driftGrace + ", "
                    + syncSlo + ", " + payoutDays + ", " + depositDays + ", " + tillSilenceThreshold);
        }
    }

    /** The given thresholds, the default transaction retention and drift grace, and no webhooks. */
    public ReconciliationSettings(StoreDirectory stores, Duration closeGrace, BigDecimal settlementTolerance,
                                  Duration inspectionSla, Duration silenceThreshold, Duration checkInterval) {
        this(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold, checkInterval,
                DEFAULT_TRANSACTION_RETENTION, AlertSettings.none(), DEFAULT_DRIFT_GRACE, DEFAULT_SYNC_SLO,
                DEFAULT_PAYOUT_DAYS, DEFAULT_DEPOSIT_DAYS, DEFAULT_TILL_SILENCE_THRESHOLD, ClosedMonths.none());
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /** Every store on UTC, closing at 23:59; the default thresholds. */
    public static ReconciliationSettings defaults() {
        return new ReconciliationSettings(StoreDirectory.empty(), DEFAULT_CLOSE_GRACE, DEFAULT_SETTLEMENT_TOLERANCE,
                DEFAULT_INSPECTION_SLA, DEFAULT_SILENCE_THRESHOLD, DEFAULT_CHECK_INTERVAL);
    }

    public ReconciliationSettings withStores(StoreDirectory stores) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, transactionRetention, alerts, driftGrace, syncSlo, payoutDays, depositDays, tillSilenceThreshold,
                closedMonths);
    }

    public ReconciliationSettings withTransactionRetention(Duration retention) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, retention, alerts, driftGrace, syncSlo, payoutDays, depositDays, tillSilenceThreshold,
                closedMonths);
    }

    public ReconciliationSettings withAlerts(AlertSettings alerts) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, transactionRetention, alerts, driftGrace, syncSlo, payoutDays, depositDays, tillSilenceThreshold,
                closedMonths);
    }

    public ReconciliationSettings withDriftGrace(Duration grace) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, transactionRetention, alerts, grace, syncSlo, payoutDays, depositDays, tillSilenceThreshold,
                closedMonths);
    }

    public ReconciliationSettings withSyncSlo(Duration slo) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, transactionRetention, alerts, driftGrace, slo, payoutDays, depositDays, tillSilenceThreshold,
                closedMonths);
    }

    public ReconciliationSettings withPayoutDays(int days) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, transactionRetention, alerts, driftGrace, syncSlo, days, depositDays, tillSilenceThreshold,
                closedMonths);
    }

    public ReconciliationSettings withDepositDays(int days) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, transactionRetention, alerts, driftGrace, syncSlo, payoutDays, days, tillSilenceThreshold,
                closedMonths);
    }

    public ReconciliationSettings withTillSilenceThreshold(Duration threshold) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, transactionRetention, alerts, driftGrace, syncSlo, payoutDays, depositDays, threshold,
                closedMonths);
    }

    public ReconciliationSettings withClosedMonths(ClosedMonths months) {
        return new ReconciliationSettings(stores, closeGrace, settlementTolerance, inspectionSla, silenceThreshold,
                checkInterval, transactionRetention, alerts, driftGrace, syncSlo, payoutDays, depositDays,
                tillSilenceThreshold, months);
    }
}
