package io.tillstream.bench.centra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How the bench turns receipts into freshness: each movement is fresh once a receipt covers its sequence. */
class FreshnessTest {

    private static NavigableMap<Long, Long> receipts(long... sequenceThenAt) {
        NavigableMap<Long, Long> map = new TreeMap<>();
        for (int i = 0; i < sequenceThenAt.length; i += 2) {
            map.put(sequenceThenAt[i], sequenceThenAt[i + 1]);
        }
        return map;
    }

    @Test
    void shouldMeasureEachMovementToTheFirstReceiptCoveringIt() {
        // Sales #1 and #2 went out in one netted mutation confirmed at 5,000; #3 at 9,000
        List<Freshness.Sent> sent = List.of(new Freshness.Sent("B001|X", 1, 1_000, -1, 4),
                new Freshness.Sent("B001|X", 2, 2_000, -1, 2), new Freshness.Sent("B001|X", 3, 8_000, -1, 1));

        Freshness.Figures f = Freshness.measure(sent, Map.of("B001|X", receipts(2, 5_000, 3, 9_000)), 20_000, 2);

        assertThat(f.measured()).isEqualTo(3);
        assertThat(f.atRisk()).isEqualTo(2);
        assertThat(f.p50Ms()).isEqualTo(3_000);
        assertThat(f.p99Ms()).isEqualTo(4_000);
        assertThat(f.atRiskP99Ms()).isEqualTo(3_000);
        assertThat(f.unconfirmed()).isZero();
    }

    @Test
    void shouldLeaveOutMovementsThatCancelledOutAndCountTheRestAsUnconfirmed() {
        List<Freshness.Sent> sent = List.of(new Freshness.Sent("B001|X", 1, 1_000, -1, 0),
                new Freshness.Sent("B001|X", 2, 2_000, 4, 4), new Freshness.Sent("B002|Y", 1, 3_000, -1, 1));

        Freshness.Figures f = Freshness.measure(sent, Map.of(), 10_000, 2);

        // B001|X: -1 then +4 nets to +3, still owed to Centra; B002|Y: -1 owed
        assertThat(f.netted()).isZero();
        assertThat(f.unconfirmed()).isEqualTo(3);
        assertThat(f.atRiskP99Ms()).isEqualTo(9_000);

        Freshness.Figures cancelled = Freshness.measure(List.of(new Freshness.Sent("B001|X", 1, 1_000, -1, 0),
                new Freshness.Sent("B001|X", 2, 2_000, 1, 1)), Map.of(), 10_000, 2);
        assertThat(cancelled.netted()).isEqualTo(2);
        assertThat(cancelled.measured()).isZero();
    }
}
