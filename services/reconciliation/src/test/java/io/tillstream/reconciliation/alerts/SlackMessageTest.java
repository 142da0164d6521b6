package io.tillstream.reconciliation.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackMessageTest {

    @Test
    void shouldNeverLetAStoresTextPingAChannelOrFormatTheMessage() throws Exception {
        Instant at = Instant.parse("2026-11-26T10:00:00Z");
        ReconciliationException e = ReconciliationException.newBuilder().setId("NEGATIVE_STOCK:S001|x")
                .setType(ExceptionType.NEGATIVE_STOCK).setOwner(Owner.RETAIL_OPS).setSeverity(Severity.MEDIUM)
                .setStatus(ExceptionStatus.OPEN).setStoreId("S001").setSku("<!channel>")
                .setDetail("sold <!here> <https://evil.example|click>").setFirstSeenAt(at).setLastSeenAt(at)
                .setRunbook("count it").build();

        String json = new ObjectMapper().writeValueAsString(SlackMessage.of(e));

        assertThat(json).doesNotContain("<!channel>", "<!here>", "<https://").contains("&lt;!channel&gt;");
    }
}
