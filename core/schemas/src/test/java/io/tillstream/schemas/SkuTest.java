package io.tillstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SkuTest {

    @ParameterizedTest
    @ValueSource(strings = {"CAS-TEE-BLK-M", "A", "7", "JEANS 32/34", "TEE_RED.L", "CAP+", "SKÖLD-Å-40", "X#2",
            "1234567890123456789012345678901234567890123456789012345678901234"})
    void shouldAcceptWhatRealAssortmentsUse(String sku) {
        assertThat(Sku.valid(sku)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "A|B", "=HYPERLINK(\"x\")", "+1", "-1+2", "@SUM(A1)", "<!channel>", "A<b>",
            "TEE ", " TEE", "A\tB", "A\nB", "A,B", "\"A\"", "A&B",
            "12345678901234567890123456789012345678901234567890123456789012345"})
    void shouldRefuseWhatCollidesWithKeysFormulasOrChatMarkup(String sku) {
        assertThat(Sku.valid(sku)).isFalse();
    }
}
