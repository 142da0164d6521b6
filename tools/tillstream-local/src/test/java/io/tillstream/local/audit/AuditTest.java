package io.tillstream.local.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditTest {

    private static LedgerState ledger(String location, String sku, Integer onHand, long latest, long confirmed) {
        return new LedgerState(location, sku, onHand, latest, confirmed, confirmed == 0 ? null : "tillstream:m", null,
                false);
    }

    @Test
    void shouldSortEverySizeIntoOneStatus() {
        Map<String, LedgerState> ledger = Map.of(
                "S001|A", ledger("S001", "A", 5, 3, 3),
                "S001|B", ledger("S001", "B", 4, 2, 2),
                "S001|C", ledger("S001", "C", 7, 5, 4),
                "S001|D", ledger("S001", "D", 2, 1, 1),
                "S001|E", ledger("S001", "E", -1, 1, 1),
                "S001|F", ledger("S001", "F", 0, 1, 1),
                "S009|A", ledger("S009", "A", 3, 1, 0));
        Map<Integer, Map<String, Integer>> centra = Map.of(
                1, Map.of("A", 5, "B", 6, "C", 1, "E", 0, "G", 2),
                7, Map.of("A", 4));

        List<AuditRow> rows = Audit.compare(ledger, centra, Map.of("S001", 1), null);

        assertThat(rows).extracting(r -> r.sku() + ":" + r.status()).containsExactly(
                "A:MATCH", "B:DRIFT", "C:PENDING", "D:ONLY_LEDGER", "E:NEGATIVE_LEDGER",
                "F:MATCH", "G:ONLY_CENTRA", "null:UNMAPPED_WAREHOUSE", "null:UNMAPPED_LOCATION");
        AuditRow drift = rows.get(1);
        assertThat(drift.difference()).as("what Centra must gain").isEqualTo(-2);
        assertThat(rows.stream().filter(r -> r.status().repairable())).extracting(AuditRow::sku)
                .containsExactly("B", "D", "G");
        assertThat(Audit.compare(ledger, centra, Map.of("S001", 1), 7)).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(AuditStatus.UNMAPPED_WAREHOUSE));
    }

    @Test
    void shouldKeepOnlyDifferencesSeenAlikeTwiceOnTheSameSequence() {
        Map<String, LedgerState> before = Map.of("S001|A", ledger("S001", "A", 5, 3, 3),
                "S001|B", ledger("S001", "B", 4, 2, 2));
        Map<String, LedgerState> after = Map.of("S001|A", ledger("S001", "A", 5, 3, 3),
                "S001|B", ledger("S001", "B", 3, 3, 3)); // B sold again and was pushed in between
        List<AuditRow> first = Audit.compare(before, Map.of(1, Map.of("A", 7, "B", 3)), Map.of("S001", 1), null);
        List<AuditRow> second = Audit.compare(after, Map.of(1, Map.of("A", 7, "B", 2)), Map.of("S001", 1), null);

        assertThat(Audit.confirm(first, second, before, after)).extracting(r -> r.sku() + ":" + r.status())
                .containsExactly("A:DRIFT", "B:PENDING");
    }

    @Test
    void shouldHoldADifferenceWhoseCorrectionIsStillQueuedSoASecondRepairDoesNotDoubleIt() {
        Map<String, LedgerState> ledger = Map.of("S001|A", ledger("S001", "A", 5, 3, 3),
                "S001|B", ledger("S001", "B", 4, 2, 2), "S001|C", ledger("S001", "C", 1, 1, 1));
        List<AuditRow> rows = Audit.compare(ledger, Map.of(1, Map.of("A", 7, "B", 3, "C", 1)), Map.of("S001", 1),
                null);

        List<AuditRow> held = Audit.holdQueued(rows, Set.of("S001|A", "S001|C"));

        assertThat(held).extracting(r -> r.sku() + ":" + r.status()).containsExactly("A:PENDING", "B:DRIFT", "C:MATCH");
        assertThat(held.get(0).causes()).contains("correction is still queued");
        assertThat(held.get(0).ledger()).isEqualTo(5);
        assertThat(held.get(0).centra()).isEqualTo(7);
    }
}
