package io.tillstream.reconciliation.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.Owner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnerThrottleTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void shouldLetNPerOwnerAndWindowThroughAndSumUpTheRestWhenTheWindowEnds() {
        OwnerThrottle throttle = new OwnerThrottle(2, Duration.ofMinutes(10));
        assertThat(throttle.admit(Owner.FINANCE, T0)).isTrue();
        assertThat(throttle.admit(Owner.FINANCE, T0.plusSeconds(1))).isTrue();
        assertThat(throttle.admit(Owner.FINANCE, T0.plusSeconds(2))).isFalse();
        assertThat(throttle.admit(Owner.FINANCE, T0.plusSeconds(3))).isFalse();
        assertThat(throttle.admit(Owner.RETAIL_OPS, T0.plusSeconds(3))).as("per owner").isTrue();

        assertThat(throttle.closeWindows(T0.plusSeconds(599))).isEmpty();
        assertThat(throttle.closeWindows(T0.plusSeconds(600))).isEqualTo(Map.of(Owner.FINANCE, 2));
        assertThat(throttle.admit(Owner.FINANCE, T0.plusSeconds(601))).as("a new window").isTrue();
        assertThat(throttle.closeWindows(T0.plusSeconds(1300))).as("nothing held back: no summary").isEmpty();
    }
}
