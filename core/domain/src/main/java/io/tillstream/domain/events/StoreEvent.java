package io.tillstream.domain.events;

import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.Stocktake;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * What every store event has, whichever of the three it is: its kind, store, id and the time it
 * happened at the store. Ids are unique per store and per kind; a stocktake happened when it was counted.
 */
public record StoreEvent(Kind kind, String storeId, String id, Instant occurredAt) {

    /** The three kinds of event a store sends, each with the letter its keys are prefixed by. */
    public enum Kind {
        TRANSACTION("T"), ADJUSTMENT("A"), STOCKTAKE("C");

        private final String letter;

        Kind(String letter) {
            this.letter = letter;
        }

        public String letter() {
            return letter;
        }
    }

    /** @throws IllegalArgumentException for a record that is no store event */
    public static StoreEvent of(SpecificRecord event) {
        if (event instanceof PosTransaction t) {
            return new StoreEvent(Kind.TRANSACTION, t.getStoreId(), t.getTransactionId(), t.getOccurredAt());
        }
        if (event instanceof StockAdjustment a) {
            return new StoreEvent(Kind.ADJUSTMENT, a.getStoreId(), a.getAdjustmentId(), a.getOccurredAt());
        }
        if (event instanceof Stocktake s) {
            return new StoreEvent(Kind.STOCKTAKE, s.getStoreId(), s.getStocktakeId(), s.getCountedAt());
        }
        throw new IllegalArgumentException("Not a store event: " + event.getSchema().getFullName());
    }

    /** Unique across kinds and stores: {@code T|S001|S001-T03-000123}. */
    public String key() {
        return kind.letter() + "|" + storeId + "|" + id;
    }
}
