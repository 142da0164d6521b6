package io.tillstream.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token-bucket arithmetic on a hand-driven clock. */
class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(2, 3, now::get);

    @Test
    void shouldAllowTheBurstThenSayWhenTheNextTokenIsBack() {
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.tryAcquire("S001")).isZero();
        }
        assertThat(buckets.tryAcquire("S001")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void shouldRefillAtTheRateButNeverBeyondTheBurst() {
        for (int i = 0; i < 3; i++) {
            buckets.tryAcquire("S001");
        }
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(buckets.tryAcquire("S001")).isZero();
        assertThat(buckets.tryAcquire("S001")).isPositive();

        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        long allowed = java.util.stream.IntStream.range(0, 10).filter(i -> buckets.tryAcquire("S001") == 0).count();
        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void shouldKeepEachStoresBudgetApart() {
        for (int i = 0; i < 10; i++) {
            buckets.tryAcquire("S001");
        }
        assertThat(buckets.tryAcquire("S001")).isPositive();
        assertThat(buckets.tryAcquire("S002")).isZero();
    }
}
