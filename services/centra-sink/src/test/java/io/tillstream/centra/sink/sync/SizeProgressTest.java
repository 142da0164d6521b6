package io.tillstream.centra.sink.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SizeProgressTest {

    private final SizeProgress progress = new SizeProgress();

    @Test
    void shouldSkipWhatIsSettledAndHoldBackWhatIsOnlyTaken() {
        progress.settle("S001|A", 3);
        progress.take("S001|A", 5);

        assertThat(progress.isSettled("S001|A", 3)).isTrue();
        assertThat(progress.isSettled("S001|A", 4)).isFalse();
        assertThat(progress.isTaken("S001|A", 5)).isTrue();
        assertThat(progress.isTaken("S001|A", 6)).isFalse();
        assertThat(progress.settled("S001|B")).isZero();
    }

    @Test
    void shouldForgetWhatADroppedPendingSizeHadTakenButKeepWhatIsSettledOrStillHeld() {
        progress.settle("S001|A", 3);
        progress.take("S001|A", 5); // pending on a partition that moved away
        progress.take("S001|B", 7); // still held
        PendingSize held = new PendingSize("S001", "B", 1, 0);
        held.maxSequence = 7;

        progress.retakeOnly(Stream.of(held));

        assertThat(progress.isTaken("S001|A", 4)).isFalse();
        assertThat(progress.isSettled("S001|A", 3)).isTrue();
        assertThat(progress.isTaken("S001|B", 7)).isTrue();
    }
}
