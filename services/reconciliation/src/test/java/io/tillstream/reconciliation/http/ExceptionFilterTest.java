package io.tillstream.reconciliation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExceptionFilterTest {

    private static final ReconciliationException NEGATIVE = ReconciliationException.newBuilder()
            .setId("NEGATIVE_STOCK:S001|TEE-M").setType(ExceptionType.NEGATIVE_STOCK).setOwner(Owner.RETAIL_OPS)
            .setSeverity(Severity.MEDIUM).setStatus(ExceptionStatus.OPEN).setStoreId("S001").setSku("TEE-M")
            .setFirstSeenAt(Instant.EPOCH).setLastSeenAt(Instant.EPOCH).setDetail("d").setRunbook("r").build();

    @Test
    void shouldMatchOnEveryFilterGiven() {
        assertThat(ExceptionFilter.of(Map.of()).matches(NEGATIVE)).isTrue();
        assertThat(ExceptionFilter.of(Map.of("status", "OPEN", "owner", "RETAIL_OPS", "storeId", "S001",
                "sku", "TEE-M", "type", "NEGATIVE_STOCK")).matches(NEGATIVE)).isTrue();
        assertThat(ExceptionFilter.of(Map.of("status", "RESOLVED")).matches(NEGATIVE)).isFalse();
        assertThat(ExceptionFilter.of(Map.of("storeId", "S002")).matches(NEGATIVE)).isFalse();
    }

    @Test
    void shouldRefuseAFilterThatCouldNeverMatch() {
        assertThatThrownBy(() -> ExceptionFilter.of(Map.of("owner", "FINANS")))
                .hasMessage("owner must be one of [RETAIL_OPS, ECOMMERCE, FINANCE, INTEGRATION]");
        assertThatThrownBy(() -> ExceptionFilter.of(Map.of("status", "open"))).hasMessageStartingWith("status must be one of");
        assertThatThrownBy(() -> ExceptionFilter.of(Map.of("type", "DRIFT"))).hasMessageStartingWith("type must be one of");
        assertThatThrownBy(() -> ExceptionFilter.of(Map.of("owners", "FINANCE")))
                .hasMessage("Unknown filter owners; use [status, owner, type, storeId, sku]");
    }
}
