package io.tillstream.projector.replay;

import static io.tillstream.projector.topology.Events.adjustment;
import static io.tillstream.projector.topology.Events.line;
import static io.tillstream.projector.topology.Events.sale;
import static io.tillstream.projector.topology.Events.stocktake;
import static io.tillstream.projector.topology.Events.voiding;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.StocktakeScope;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayScopeTest {

    private static final Instant AS_OF = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant BEFORE = AS_OF.minusSeconds(60);
    private final ReplayScope teeAtS1 = new ReplayScope(AS_OF, "TEE", "S1");

    @Test
    void keepsWhatCanMoveTheFigureAsked() {
        assertThat(teeAtS1.test(sale("S1", "T1", BEFORE, line("CAP", 1), line("TEE", 1)))).isTrue();
        assertThat(teeAtS1.test(adjustment("S1", "A1", BEFORE, AdjustmentReason.RECEIVED, "TEE", 5))).isTrue();
        assertThat(teeAtS1.test(stocktake("S1", "C1", BEFORE, StocktakeScope.PARTIAL, Map.of("TEE", 3)))).isTrue();
        assertThat(teeAtS1.test(stocktake("S1", "C2", BEFORE, StocktakeScope.FULL, Map.of("CAP", 3))))
                .as("a FULL count zeroes the SKUs it does not list").isTrue();
        assertThat(teeAtS1.test(voiding("S1", "V1", BEFORE, "T9"))).as("a VOID names its target by id only").isTrue();
        assertThat(teeAtS1.test(sale("S1", "T2", AS_OF, line("TEE", 1)))).as("at the instant itself").isTrue();
    }

    @Test
    void dropsWhatCannot() {
        assertThat(teeAtS1.test(sale("S1", "T1", BEFORE, line("CAP", 1)))).as("another SKU").isFalse();
        assertThat(teeAtS1.test(sale("S2", "T1", BEFORE, line("TEE", 1)))).as("another location").isFalse();
        assertThat(teeAtS1.test(sale("S1", "T1", AS_OF.plusMillis(1), line("TEE", 1)))).as("later").isFalse();
        assertThat(teeAtS1.test(stocktake("S1", "C1", BEFORE, StocktakeScope.PARTIAL, Map.of("CAP", 3))))
                .as("a partial count of another SKU").isFalse();
        assertThat(teeAtS1.test(stocktake("S2", "C2", BEFORE, StocktakeScope.FULL, Map.of("CAP", 3))))
                .as("another store's full count").isFalse();
    }

    @Test
    void keepsEverythingByTheInstantWhenUnfiltered() {
        ReplayScope all = new ReplayScope(AS_OF, null, null);
        assertThat(all.test(sale("S2", "T1", BEFORE, line("CAP", 1)))).isTrue();
        assertThat(all.test(sale("S2", "T1", AS_OF.plusSeconds(1), line("CAP", 1)))).isFalse();
    }
}
