package io.tillstream.centra.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget holds in every window, not only on average: what Centra and the tenant's other integrations see. */
class RateBudgetTest {

    private final SteppedClock clock = new SteppedClock();

    @Test
    void shouldNeverLetMoreThanTheShareThroughInAnyTenSecondWindow() {
        RateBudget budget = RateBudget.mutations(10, 900, clock);
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) { // a minute, asking every 10 ms
            if (budget.tryAcquire()) {
                sent.add(clock.millis());
            }
            clock.step(Duration.ofMillis(10));
        }
        assertThat(maxInWindow(sent, 10_000)).isEqualTo(10);
        assertThat(sent).as("the rate is kept, less the arrival margin").hasSizeBetween(50, 60);
    }

    @Test
    void shouldKeepTheHourlyShareWhenTheShortWindowWouldAllowMore() {
        RateBudget budget = RateBudget.mutations(10, 30, clock);
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 7_200; i++) { // two hours, asking every second
            if (budget.tryAcquire()) {
                sent.add(clock.millis());
            }
            clock.step(Duration.ofSeconds(1));
        }
        assertThat(maxInWindow(sent, 3_600_000)).isEqualTo(30);
    }

    @Test
    void shouldStretchTheWindowForAShareBelowOnePerTenSeconds() {
        RateBudget budget = RateBudget.mutations(0.5, 180, clock);
        assertThat(budget.tryAcquire()).isTrue();
        clock.step(Duration.ofSeconds(15));
        assertThat(budget.tryAcquire()).as("one per 20 s").isFalse();
        clock.step(Duration.ofSeconds(7));
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void shouldCountWhatThePreviousTaskSentAfterARestart() {
        RateBudget before = RateBudget.mutations(3, 100, clock);
        List<Instant> sentAt = new ArrayList<>();
        while (before.tryAcquire()) {
            sentAt.add(clock.instant());
            clock.step(Duration.ofSeconds(1));
        }
        RateBudget restarted = RateBudget.mutations(3, 100, clock);
        restarted.spentEarlier(sentAt);
        assertThat(restarted.tryAcquire()).isFalse();
        assertThat(restarted.usedShort()).isEqualTo(3);
        clock.step(Duration.ofSeconds(9)); // the first of the three leaves the window (10 s + margin)
        assertThat(restarted.tryAcquire()).isTrue();
    }

    private static int maxInWindow(List<Long> times, long windowMillis) {
        int max = 0;
        for (int start = 0, end = 0; start < times.size(); start++) {
            while (end < times.size() && times.get(end) < times.get(start) + windowMillis) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }
}
