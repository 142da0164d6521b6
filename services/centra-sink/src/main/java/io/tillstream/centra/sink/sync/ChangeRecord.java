package io.tillstream.centra.sink.sync;

/**
 * One StockChange as the sink needs it, with the record it came from (for offsets and the DLQ).
 *
 * @param occurredAt event time of the change's cause (epoch millis), for the freshness metric;
 *                   0 when unknown
 */
public record ChangeRecord(String locationId, String sku, long sequence, int delta, int onHandAfter,
                           long occurredAt, RecordRef record) {

    /** A change whose event time is unknown. */
    public ChangeRecord(String locationId, String sku, long sequence, int delta, int onHandAfter, RecordRef record) {
        this(locationId, sku, sequence, delta, onHandAfter, 0, record);
    }

    String key() {
        return locationId + "|" + sku;
    }
}
