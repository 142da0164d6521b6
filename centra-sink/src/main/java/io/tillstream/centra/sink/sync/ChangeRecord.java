package io.tillstream.centra.sink.sync;

import org.apache.kafka.connect.sink.SinkRecord;

/** One StockChange as the sink needs it, with the record it came from (for offsets and the DLQ). */
public record ChangeRecord(String locationId, String sku, long sequence, int delta, int onHandAfter,
                           SinkRecord record) {

    String key() {
        return locationId + "|" + sku;
    }
}
