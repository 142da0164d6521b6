package io.tillstream.domain.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OfflineHoldTest {

    private final OfflineHold hold = new OfflineHold(3);

    @Test
    void shouldHoldAtLeastTheLastUnitOfASlowSize() {
        assertThat(hold.units(0.05, Duration.ofMinutes(30))).isEqualTo(1);
        assertThat(hold.units(0, Duration.ofHours(2))).isEqualTo(1);
    }

    @Test
    void shouldHoldWhatTheStoreSellsOfOneSizeWhileSilentRoundedUp() {
        assertThat(hold.units(0.8, Duration.ofHours(2))).isEqualTo(2); // 1.6 expected
        assertThat(hold.units(1.0, Duration.ofHours(2))).isEqualTo(2);
    }

    @Test
    void shouldNotHoldMoreThanTheCapHoweverLongTheSilence() {
        assertThat(hold.units(2.0, Duration.ofHours(10))).isEqualTo(3);
    }

    @Test
    void shouldRefuseACapBelowOne() {
        assertThatThrownBy(() -> new OfflineHold(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
