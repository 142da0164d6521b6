package io.tillstream.reconciliation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.reconciliation.ReconciliationSettings;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.Topics;
import java.time.Instant;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** stock.ledger-notices.v1 becomes exceptions for the stores' retail ops. */
class LedgerNoticeTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private ReconciliationDriver fixture;
    private TestInputTopic<String, LedgerNotice> notices;
    private TestOutputTopic<String, ReconciliationException> exceptions;

    @BeforeEach
    void setUp() {
        fixture = new ReconciliationDriver(ReconciliationSettings.defaults(), T0);
        notices = fixture.input(Topics.LEDGER_NOTICES, fixture.serdes.of(Topics.LEDGER_NOTICES));
        exceptions = fixture.output(Topics.EXCEPTIONS, fixture.serdes.of(Topics.EXCEPTIONS));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldRaiseASecondVoidForRetailOpsOnceHoweverOftenItIsDelivered() {
        LedgerNotice twice = LedgerNotice.newBuilder().setStoreId("S001").setEventId("S001-T01-VOID-2").setSku(null)
                .setKind("VOID_ALREADY_VOIDED").setDetail("S001-T01-000042 was voided by S001-T01-VOID-1")
                .setOccurredAt(T0).build();
        notices.pipeInput("S001", twice, T0);
        notices.pipeInput("S001", twice, T0.plusSeconds(5));

        var raised = exceptions.readValuesToList();
        assertThat(raised).hasSize(2).extracting(ReconciliationException::getId).containsOnly(
                "LEDGER_NOTICE:S001|S001-T01-VOID-2|*|VOID_ALREADY_VOIDED");
        ReconciliationException e = raised.get(1);
        assertThat(e.getType()).isEqualTo(ExceptionType.LEDGER_NOTICE);
        assertThat(e.getOwner()).isEqualTo(Owner.RETAIL_OPS);
        assertThat(e.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(e.getStatus()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(e.getActual()).isEqualTo("VOID_ALREADY_VOIDED");
        assertThat(e.getDetail()).contains("was voided by S001-T01-VOID-1");
        assertThat(e.getFirstSeenAt()).as("one exception, updated").isEqualTo(raised.get(0).getFirstSeenAt());
    }
}
