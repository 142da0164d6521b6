package io.tillstream.reconciliation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.exceptions.DriftRules;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftRouteTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void shouldSummarizeOpenDriftPerWarehouse() {
        List<Map<String, Object>> view = DriftRoute.summarize(List.of(
                drift(2, "TEE-M", "5", "2", ExceptionStatus.OPEN, NOW.minusSeconds(600)),
                drift(2, "TEE-L", "1", "8", ExceptionStatus.OPEN, NOW.minusSeconds(60)),
                drift(2, "TEE-S", "1", "40", ExceptionStatus.RESOLVED, NOW.minusSeconds(9000)),
                drift(1, "TEE-M", "3", "3", ExceptionStatus.RESOLVED, NOW.minusSeconds(60)),
                ReconciliationException.newBuilder(drift(3, "X", "1", "2", ExceptionStatus.OPEN, NOW))
                        .setId("NEGATIVE_STOCK:S003|X").setType(ExceptionType.NEGATIVE_STOCK).build()), NOW);

        assertThat(view).hasSize(2);
        assertThat(view.get(0)).containsEntry("warehouseId", 1).containsEntry("openDrifts", 0)
                .containsEntry("largestGap", null).containsEntry("oldestAgeSeconds", null);
        assertThat(view.get(1)).containsEntry("warehouseId", 2).containsEntry("openDrifts", 2)
                .containsEntry("largestGap", 7)
                .containsEntry("oldestFirstSeenAt", NOW.minusSeconds(600).toString())
                .containsEntry("oldestAgeSeconds", 600L);
    }

    private static ReconciliationException drift(int warehouse, String sku, String expected, String actual,
                                                 ExceptionStatus status, Instant firstSeen) {
        return ReconciliationException.newBuilder().setId(DriftRules.id(warehouse, sku))
                .setType(ExceptionType.STOCK_DRIFT).setOwner(Owner.INTEGRATION).setSeverity(Severity.HIGH)
                .setStatus(status).setStoreId("S00" + warehouse).setSku(sku).setExpected(expected).setActual(actual)
                .setFirstSeenAt(firstSeen).setLastSeenAt(NOW).setDetail("d").setRunbook("r").build();
    }
}
