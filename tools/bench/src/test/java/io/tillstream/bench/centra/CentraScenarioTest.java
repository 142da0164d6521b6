package io.tillstream.bench.centra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The oversell ratio's interval: what two small counts can and cannot say. */
class CentraScenarioTest {

    @Test
    void shouldBracketTheRatioAndNarrowAsCountsGrow() {
        double[] small = CentraScenario.ratioInterval(80, 10);
        double[] large = CentraScenario.ratioInterval(800, 100);

        // Wilson score interval at 90 % for risk-first's share 10/90, worked out separately
        assertThat(small[0]).isCloseTo(4.64, within(0.01));
        assertThat(small[1]).isCloseTo(13.80, within(0.01));
        assertThat(large[0]).isGreaterThan(small[0]).isLessThan(8);
        assertThat(large[1]).isLessThan(small[1]).isGreaterThan(8);
    }

    @Test
    void shouldLeaveTheRatioOpenWhenACountIsZero() {
        assertThat(CentraScenario.ratioInterval(20, 0)[1]).isInfinite();
        assertThat(CentraScenario.ratioInterval(0, 0)).containsExactly(0, Double.POSITIVE_INFINITY);
    }
}
