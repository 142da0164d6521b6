package io.tillstream.ingest.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class RegistryTest {

    @Test
    void shouldTurnARegistryThatDoesNotAnswerIntoARetriableUnavailableNotA500() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        @SuppressWarnings("unchecked")
        Serializer<SpecificRecord> serializer = (Serializer<SpecificRecord>) (Serializer<?>) new ConfluentAvroSerializer<>(
                new SchemaRegistryClient("http://127.0.0.1:" + closed), Topics.STOCK_ADJUSTMENTS.valueSchema());
        Instant at = Instant.parse("2026-11-26T10:00:00Z");
        StockAdjustment adjustment = StockAdjustment.newBuilder().setAdjustmentId("S001-ADJ-1").setStoreId("S001")
                .setOccurredAt(at).setReceivedAt(at).setReason(AdjustmentReason.RECEIVED)
                .setLines(List.of(new AdjustmentLine("A", 1))).build();

        EventLogUnavailableException e = catchThrowableOfType(EventLogUnavailableException.class,
                () -> Registry.serialize(serializer, Topics.STOCK_ADJUSTMENTS.name(), adjustment));

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(e.getMessage()).doesNotContain("127.0.0.1");
    }
}
