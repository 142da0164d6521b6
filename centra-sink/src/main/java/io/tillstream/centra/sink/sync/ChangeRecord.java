package io.tillstream.centra.sink.sync;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One StockChange as the sink needs it, with the record it came from (for offsets and the DLQ).
 *
 * @param occurredAt event time of the change's cause (epoch millis), for the freshness metric;
 *                   0 when unknown
 */
public record ChangeRecord(String locationId, String sku, long sequence, int delta, int onHandAfter,
                           long occurredAt, SinkRecord record) {

    /** A change whose event time is the record's timestamp (or unknown). */
    public ChangeRecord(String locationId, String sku, long sequence, int delta, int onHandAfter, SinkRecord record) {
        this(locationId, sku, sequence, delta, onHandAfter,
                record.timestamp() == null ? 0 : record.timestamp(), record);
    }

    String key() {
        return locationId + "|" + sku;
    }
}
