package io.tillstream.projector.replay;

import io.tillstream.domain.events.StoreEvent;
import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.time.Instant;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/**
 * Which events a replay must keep to answer its question, so that an analyst's run over months of
 * history holds only the events that can move the figures asked for, not the whole log.
 * An event is kept when it occurred by {@code asOf}, at the location asked for, and could touch the
 * SKU asked for: a transaction or adjustment with a line of it, a stocktake that counts it, every
 * FULL stocktake (it zeroes SKUs it does not list) and every VOID (it names its target by id only;
 * reversing a transaction that was not kept moves nothing of the SKU either).
 *
 * @param sku      or null for every SKU
 * @param location or null for every location
 */
public record ReplayScope(Instant asOf, String sku, String location) implements Predicate<SpecificRecord> {

    @Override
    public boolean test(SpecificRecord event) {
        StoreEvent e = StoreEvent.of(event);
        if (e.occurredAt().isAfter(asOf) || location != null && !location.equals(e.storeId())) {
            return false;
        }
        if (sku == null) {
            return true;
        }
        if (event instanceof PosTransaction t) {
            return t.getType() == TransactionType.VOID
                    || t.getLines().stream().map(TransactionLine::getSku).anyMatch(sku::equals);
        }
        if (event instanceof StockAdjustment a) {
            return a.getLines().stream().map(AdjustmentLine::getSku).anyMatch(sku::equals);
        }
        Stocktake s = (Stocktake) event;
        return s.getScope() == StocktakeScope.FULL || s.getCounts().stream().map(StockCount::getSku).anyMatch(sku::equals);
    }
}
