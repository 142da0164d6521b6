package io.tillstream.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OversellRiskTest {

    @Test
    void shouldCallARemovalThatLeavesTheThresholdOrLessLow() {
        assertThat(OversellRisk.lowAfterRemoval(-1, 2, OversellRisk.DEFAULT_THRESHOLD)).isTrue();
        assertThat(OversellRisk.lowAfterRemoval(-1, 3, OversellRisk.DEFAULT_THRESHOLD)).isFalse();
        assertThat(OversellRisk.lowAfterRemoval(2, 0, OversellRisk.DEFAULT_THRESHOLD)).as("a restock").isFalse();
    }

    @Test
    void shouldCallASizeExposedWhenTheRemovalTakesAllThatCentraStillOffers() {
        assertThat(OversellRisk.exposed(-3, 2)).isTrue();
        assertThat(OversellRisk.exposed(-3, 3)).isTrue();
        assertThat(OversellRisk.exposed(-3, 4)).as("one unit is still really there").isFalse();
        assertThat(OversellRisk.exposed(-3, 0)).as("Centra offers nothing").isFalse();
        assertThat(OversellRisk.exposed(-3, null)).as("not read").isFalse();
        assertThat(OversellRisk.exposed(2, 1)).as("a restock").isFalse();
    }
}
