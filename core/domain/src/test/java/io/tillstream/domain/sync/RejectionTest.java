package io.tillstream.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionTest {

    @Test
    void shouldReadBackTheCodeItWrites() {
        for (Rejection rejection : Rejection.values()) {
            assertThat(Rejection.of(rejection.reason("what happened"))).contains(rejection);
        }
        assertThat(Rejection.SIZE_REFUSED.reason("Centra refused A")).isEqualTo("[SIZE_REFUSED] Centra refused A");
    }

    @Test
    void shouldFindNoCodeInAnyOtherText() {
        assertThat(Rejection.of("Centra answered 500")).isEmpty();
        assertThat(Rejection.of("SIZE_REFUSED without brackets")).isEmpty();
        assertThat(Rejection.of(null)).isEmpty();
    }
}
