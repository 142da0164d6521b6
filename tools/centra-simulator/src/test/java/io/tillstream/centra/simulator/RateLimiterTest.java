package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.simulator.ratelimit.RateLimitType;
import io.tillstream.centra.simulator.ratelimit.RateLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(SimulatorHarness.START);

    @Test
    void shouldRefillTheShortBucketAtItsRateButKeepTheHourlyCount() {
        final RateLimiter limiter = new RateLimiter(RateLimitTier.GROWTH, clock);
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.admit(1)).isInstanceOf(RateLimiter.Decision.Admitted.class);
        }

        // GROWTH refills 20 mutations per 10 s, i.e. one every 500 ms
        assertThat(limiter.admit(1)).isInstanceOfSatisfying(RateLimiter.Decision.Throttled.class, t -> {
            assertThat(t.retryAt()).isEqualTo(SimulatorHarness.START.plusMillis(500));
            assertThat(t.type()).isEqualTo(RateLimitType.MUTATIONS);
        });
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.admit(1)).isInstanceOf(RateLimiter.Decision.Admitted.class);
        assertThat(limiter.usage().quota("MUTATIONS", 3600).used()).isEqualTo(21);
    }

    @Test
    void shouldBlockWhileComplexityIsInDebtAndRefuseOversizedBatches() {
        final RateLimiter limiter = new RateLimiter(RateLimitTier.GROWTH, clock);
        limiter.chargeComplexity(300_000);

        assertThat(limiter.admit(0)).isInstanceOfSatisfying(RateLimiter.Decision.Throttled.class,
                t -> assertThat(t.type()).isEqualTo(RateLimitType.COMPLEXITY));
        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.admit(0)).isInstanceOf(RateLimiter.Decision.Admitted.class);
        assertThat(limiter.admit(21)).isInstanceOf(RateLimiter.Decision.TooLarge.class);
    }
}
