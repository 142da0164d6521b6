package io.tillstream.centra.sink;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** StockChange records as the converter hands them to the task. */
final class StockChangeRecords {

    static final Schema CHANGE = SchemaBuilder.struct().name("io.tillstream.schemas.StockChange")
            .field("locationId", Schema.STRING_SCHEMA).field("sku", Schema.STRING_SCHEMA)
            .field("sequence", Schema.INT64_SCHEMA).field("delta", Schema.INT32_SCHEMA)
            .field("onHandAfter", Schema.INT32_SCHEMA).field("occurredAt", Schema.INT64_SCHEMA).build();

    private StockChangeRecords() {
    }

    /** Sequence 1 of {@code location}'s TEE-M, happened now, leaving 9. */
    static SinkRecord teeM(String topic, int partition, long offset, String location, int delta) {
        Struct value = new Struct(CHANGE).put("locationId", location).put("sku", "TEE-M").put("sequence", 1L)
                .put("delta", delta).put("onHandAfter", 9).put("occurredAt", System.currentTimeMillis());
        return new SinkRecord(topic, partition, Schema.STRING_SCHEMA, location + "|TEE-M", CHANGE, value, offset);
    }
}
