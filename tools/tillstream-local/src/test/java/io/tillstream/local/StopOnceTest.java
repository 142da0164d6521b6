package io.tillstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopOnceTest {

    @Test
    void shouldStopOnceAndHoldASecondCallerUntilTheStopHasFinished() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        CountDownLatch inStop = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StopOnce stopOnce = new StopOnce(() -> {
            stops.incrementAndGet();
            inStop.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread duration = new Thread(stopOnce);
        duration.start();
        assertThat(inStop.await(5, TimeUnit.SECONDS)).isTrue();

        Thread ctrlC = new Thread(stopOnce);
        ctrlC.start();
        ctrlC.join(300);
        assertThat(ctrlC.isAlive()).as("Ctrl-C waits for the stop under way").isTrue();

        release.countDown();
        ctrlC.join(5_000);
        duration.join(5_000);
        assertThat(ctrlC.isAlive()).isFalse();
        assertThat(stops).hasValue(1);
    }
}
