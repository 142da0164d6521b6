package io.tillstream.reconciliation.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.schemas.Owner;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {

    private static final String SLACK = "https://hooks.slack.example/services/T000/B000/s3cr3tT0ken";

    @Test
    void shouldReadOneWebhookPerOwnerAndTheThrottleFromTheEnvironment() {
        AlertSettings settings = AlertSettings.fromEnvironment(Map.of(
                "TILLSTREAM_WEBHOOK_RETAIL_OPS", SLACK,
                "TILLSTREAM_WEBHOOK_FINANCE", " ",
                "TILLSTREAM_ALERTS_PER_WINDOW", "3",
                "TILLSTREAM_ALERTS_WINDOW", "PT15M"));
        assertThat(settings.webhooks()).containsExactly(Map.entry(Owner.RETAIL_OPS, URI.create(SLACK)));
        assertThat(settings.perWindow()).isEqualTo(3);
        assertThat(settings.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.enabled()).isTrue();
        assertThat(AlertSettings.fromEnvironment(Map.of()).enabled()).isFalse();
        assertThat(AlertSettings.ENVIRONMENT).contains("TILLSTREAM_WEBHOOK_INTEGRATION", "TILLSTREAM_ALERTS_WINDOW");
    }

    @Test
    void shouldNeverShowTheSecretPartOfAWebhook() {
        AlertSettings settings = AlertSettings.fromEnvironment(Map.of("TILLSTREAM_WEBHOOK_ECOMMERCE", SLACK));
        assertThat(settings.toString()).contains("hooks.slack.example").doesNotContain("s3cr3t").doesNotContain("T000");
        assertThatThrownBy(() -> AlertSettings.fromEnvironment(Map.of("TILLSTREAM_WEBHOOK_FINANCE",
                "hooks.slack.example/services/s3cr3t")))
                .hasMessageContaining("TILLSTREAM_WEBHOOK_FINANCE").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void shouldRefuseAThrottleThatLetsNothingThrough() {
        assertThatThrownBy(() -> AlertSettings.fromEnvironment(Map.of("TILLSTREAM_ALERTS_PER_WINDOW", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertSettings.fromEnvironment(Map.of("TILLSTREAM_ALERTS_WINDOW", "10 minutes")))
                .hasMessageContaining("TILLSTREAM_ALERTS_WINDOW");
    }
}
