package io.tillstream.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.local.cluster.ClusterPlan.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    private static FaultPlan plan(long seed) {
        return new FaultPlan(seed, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(3),
                Duration.ofSeconds(15));
    }

    @Test
    void shouldKillEveryKindOnceAloneFirst() {
        List<FaultPlan.Fault> singles = plan(1).singles();
        assertThat(singles).allSatisfy(f -> assertThat(f.kinds()).hasSize(1));
        assertThat(singles.stream().map(f -> f.kinds().get(0)).toList())
                .containsExactlyInAnyOrder(Kind.BROKER, Kind.CONNECT, Kind.PROJECTOR, Kind.RECONCILIATION, Kind.INGEST);
    }

    @Test
    void shouldThenKillOneOrTwoDifferentKindsWithinTheBounds() {
        FaultPlan plan = plan(2);
        plan.singles();
        boolean sawTwo = false;
        for (int i = 0; i < 200; i++) {
            FaultPlan.Fault fault = plan.next();
            assertThat(fault.kinds()).hasSizeBetween(1, 2).doesNotHaveDuplicates();
            assertThat(fault.quietFor()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(20));
            assertThat(fault.downFor()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(15));
            sawTwo |= fault.kinds().size() == 2;
        }
        assertThat(sawTwo).isTrue();
    }

    @Test
    void shouldRepeatARunFromItsSeed() {
        assertThat(plan(42).singles()).isEqualTo(plan(42).singles());
    }
}
