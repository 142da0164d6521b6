package io.tillstream.domain.exceptions;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The integration's watchdog: store movements that wait for Centra too long. Pure. */
public final class IntegrationRules {

    static final String STALLED_RUNBOOK = "Store movements of this location have waited for Centra's confirmation "
            + "longer than the SLO, so the webshop sells from stale stock. First fix any open CONNECTOR_FAILED or "
            + "CENTRA_AUTH_FAILED; else read the Centra sink's log for a mutation in doubt ('reading back') or a "
            + "long rate-limit pause, and check Centra's status. It resolves by itself once the sink has caught up; "
            + "then run ./tillstream audit to confirm Centra matches the ledger.";

    private IntegrationRules() {
    }

    /**
     * SYNC_STALLED for a location while some of its sizes have a change Centra has not confirmed
     * within the SLO. Raised once, and updated only when the count of waiting sizes changes, so a
     * long stall is one exception, not one per check.
     *
     * @param waiting    sizes with a change unconfirmed for longer than the SLO
     * @param oldestSku  the size that has waited longest, since {@code oldestSince}
     * @param likelyCause what the watchdog can tell from the receipts it sees
     */
    public static Optional<ReconciliationException> syncStalled(ReconciliationException current, String locationId,
                                                                Integer warehouseId, int waiting, String oldestSku,
                                                                Instant oldestSince, Duration slo, String likelyCause,
                                                                Instant now) {
        String actual = waiting + (waiting == 1 ? " size" : " sizes") + " unconfirmed, the oldest since " + oldestSince;
        boolean open = current != null && current.getStatus() == ExceptionStatus.OPEN;
        if (open && actual.equals(current.getActual())) {
            return Optional.empty();
        }
        String warehouse = warehouseId == null ? "its Centra warehouse" : "Centra warehouse " + warehouseId;
        return Optional.of(ExceptionRules.raise(current, ExceptionType.SYNC_STALLED, Owner.INTEGRATION,
                Severity.HIGH, locationId, locationId, oldestSku,
                "every change confirmed by Centra within " + human(slo), actual,
                "Stock changes of " + locationId + " are not reaching " + warehouse + ": " + waiting
                        + " size(s) waiting longer than " + human(slo) + ", the oldest " + oldestSku
                        + " since " + oldestSince + ". Likely cause: " + likelyCause,
                STALLED_RUNBOOK, now));
    }

    private static String human(Duration d) {
        return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    public static Optional<ReconciliationException> syncCaughtUp(ReconciliationException current, Instant now) {
        return ExceptionRules.resolve(current, "every change of the location confirmed by Centra at " + now, now);
    }

    static final String CONNECTOR_RUNBOOK = "The Centra sink is not running, so no store movement reaches Centra "
            + "(SYNC_STALLED follows). Read the reason; fix what it names (a failed task's trace says why); then "
            + "restart the failed parts: curl -X POST '<connect>/connectors/centra-stock-sink/restart?includeTasks="
            + "true&onlyFailed=true'. Nothing is lost meanwhile: the sink commits only what Centra confirmed, so it "
            + "resumes where it stopped. It resolves when the connector and its tasks run and poll again.";
    static final String AUTH_RUNBOOK = "Centra refuses the sink's API token (HTTP 401/403): it expired (Centra's "
            + "default is 30 days), was revoked, or lacks a permission (StockChange:write/read, Warehouse:read, "
            + "ProductSize.stock:read). Create a new token in Centra AMS (System > API Tokens) and put it where the "
            + "connector reads it (its centra.token, e.g. the secrets file). The sink holds every change meanwhile "
            + "and sends it once Centra accepts the token: no restart, nothing doubled.";

    /** CONNECTOR_FAILED: the sink's connector or a task is not working; updated when the reason changes. */
    public static Optional<ReconciliationException> connectorFailed(ReconciliationException current, String connector,
                                                                    String reason, Instant now) {
        if (current != null && current.getStatus() == ExceptionStatus.OPEN && reason.equals(current.getActual())) {
            return Optional.empty();
        }
        return Optional.of(ExceptionRules.raise(current, ExceptionType.CONNECTOR_FAILED, Owner.INTEGRATION,
                Severity.CRITICAL, connector, null, null, "connector " + connector + " and its tasks RUNNING", reason,
                "Kafka Connect's " + connector + ": " + reason, CONNECTOR_RUNBOOK, now));
    }

    public static Optional<ReconciliationException> connectorRunning(ReconciliationException current, Instant now) {
        return ExceptionRules.resolve(current, "connector and tasks RUNNING and polling at " + now, now);
    }

    /** CENTRA_AUTH_FAILED: Centra refuses the sink's token; raised at the first refusal. */
    public static Optional<ReconciliationException> centraAuthFailed(ReconciliationException current,
                                                                     String connector, Instant now) {
        if (current != null && current.getStatus() == ExceptionStatus.OPEN) {
            return Optional.empty();
        }
        return Optional.of(ExceptionRules.raise(current, ExceptionType.CENTRA_AUTH_FAILED, Owner.INTEGRATION,
                Severity.CRITICAL, connector, null, null, "Centra accepts the API token", "HTTP 401/403",
                "Centra refuses the API token of " + connector + ": no stock change reaches Centra", AUTH_RUNBOOK,
                now));
    }

    public static Optional<ReconciliationException> centraAuthAccepted(ReconciliationException current, Instant now) {
        return ExceptionRules.resolve(current, "Centra accepts the token again (" + now + ")", now);
    }
}
