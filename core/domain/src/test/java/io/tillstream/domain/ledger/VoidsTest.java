package io.tillstream.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.TransactionType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one VOID rule of the ledger and of finance: each transaction is reversed at most once. */
class VoidsTest {

    private static final PosTransaction SALE = transaction("T1", TransactionType.SALE, null);
    private static final PosTransaction FIRST_VOID = transaction("V1", TransactionType.VOID, "T1");

    @Test
    void shouldReverseATransactionSeenAndNotYetVoided() {
        assertThat(Voids.verdict("T1", SALE)).isEqualTo(Voids.Verdict.REVERSE);
    }

    @Test
    void shouldReverseNothingASecondTime() {
        assertThat(Voids.verdict("T1", FIRST_VOID)).isEqualTo(Voids.Verdict.ALREADY_VOIDED);
    }

    @Test
    void shouldNotVoidAVoidNorWhatWasNeverSeen() {
        assertThat(Voids.verdict("V1", FIRST_VOID)).isEqualTo(Voids.Verdict.NOT_REVERSIBLE);
        assertThat(Voids.verdict("T9", null)).isEqualTo(Voids.Verdict.UNKNOWN_TRANSACTION);
    }

    private static PosTransaction transaction(String id, TransactionType type, String voids) {
        return PosTransaction.newBuilder().setTransactionId(id).setStoreId("S001").setTillId("T03").setType(type)
                .setOccurredAt(Instant.parse("2026-11-26T10:00:00Z")).setReceivedAt(Instant.parse("2026-11-26T10:00:01Z"))
                .setBusinessDate(LocalDate.parse("2026-11-26")).setCurrency("GBP").setLines(List.of())
                .setTenders(List.of()).setVoidsTransactionId(voids).build();
    }
}
