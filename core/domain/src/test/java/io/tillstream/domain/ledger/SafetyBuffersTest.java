package io.tillstream.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetyBuffersTest {

    @Test
    void shouldPreferTheLocationsOwnPolicyThenTheExactSkuThenTheLongestPrefix() {
        Map<String, Integer> policies = Map.of("*|*", 1, "*|TEE*", 2, "*|TEE-M", 3, "S001|*", 4, "S001|TEE-*", 5);

        assertThat(SafetyBuffers.resolve("S001", "TEE-M", policies::get)).as("store prefix beats network SKU").isEqualTo(5);
        assertThat(SafetyBuffers.resolve("S001", "CAP", policies::get)).as("store default").isEqualTo(4);
        assertThat(SafetyBuffers.resolve("S002", "TEE-M", policies::get)).as("network exact SKU").isEqualTo(3);
        assertThat(SafetyBuffers.resolve("S002", "TEE-L", policies::get)).as("network prefix").isEqualTo(2);
        assertThat(SafetyBuffers.resolve("S002", "CAP", policies::get)).as("network default").isEqualTo(1);
    }

    @Test
    void shouldHoldNothingBackWithoutAPolicyAndNeverANegativeBuffer() {
        assertThat(SafetyBuffers.resolve("S001", "TEE-M", key -> null)).isZero();
        assertThat(SafetyBuffers.resolve("S001", "TEE-M", key -> -3)).isZero();
    }
}
