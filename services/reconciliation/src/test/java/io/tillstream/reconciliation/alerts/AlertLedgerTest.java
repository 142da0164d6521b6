package io.tillstream.reconciliation.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void shouldAlertOncePerLifecycleStep() {
        AlertLedger ledger = new AlertLedger();
        assertThat(ledger.advance(exception(ExceptionStatus.OPEN, T0, T0))).as("opens").isTrue();
        assertThat(ledger.advance(exception(ExceptionStatus.OPEN, T0, T0.plusSeconds(30)))).as("update").isFalse();
        assertThat(ledger.advance(exception(ExceptionStatus.RESOLVED, T0, T0.plusSeconds(60)))).as("resolves")
                .isTrue();
        assertThat(ledger.advance(exception(ExceptionStatus.RESOLVED, T0, T0.plusSeconds(60)))).isFalse();
        assertThat(ledger.advance(exception(ExceptionStatus.OPEN, T0.plusSeconds(90), T0.plusSeconds(90))))
                .as("re-opens").isTrue();
        ledger.forget("NEGATIVE_STOCK:S001|TEE-M");
        assertThat(ledger.advance(exception(ExceptionStatus.OPEN, T0.plusSeconds(90), T0.plusSeconds(95))))
                .as("after a tombstone it is new again").isTrue();
    }

    private static ReconciliationException exception(ExceptionStatus status, Instant firstSeen, Instant lastSeen) {
        return ReconciliationException.newBuilder().setId("NEGATIVE_STOCK:S001|TEE-M")
                .setType(ExceptionType.NEGATIVE_STOCK).setOwner(Owner.RETAIL_OPS).setSeverity(Severity.MEDIUM)
                .setStatus(status).setFirstSeenAt(firstSeen).setLastSeenAt(lastSeen)
                .setResolvedAt(status == ExceptionStatus.RESOLVED ? lastSeen : null)
                .setDetail("d").setRunbook("r").build();
    }
}
