package io.tillstream.ingest.movements;

import io.tillstream.ingest.eventlog.EventLog;
import io.tillstream.ingest.metrics.IngestMetrics;
import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import io.tillstream.ingest.stores.Store;
import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.Topics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Appends a store's physical stock movements to {@code stock.adjustments.v1}, keyed by store. */
@Singleton
public class MovementService {

    private final EventLog eventLog;
    private final Clock clock;
    private final MovementValidator validator;
    private final IngestMetrics metrics;

    public MovementService(EventLog eventLog, Clock clock, IngestMetrics metrics) {
        this.eventLog = eventLog;
        this.clock = clock;
        this.metrics = metrics;
        this.validator = new MovementValidator(clock);
    }

    public String append(AdjustmentRequest a, Store store) {
        check(store, a.storeId(), validator.validate(a));
        eventLog.append(Topics.STOCK_ADJUSTMENTS, store.storeId(), StockAdjustment.newBuilder()
                .setAdjustmentId(a.adjustmentId())
                .setStoreId(a.storeId())
                .setOccurredAt(Instant.parse(a.occurredAt()))
                .setReceivedAt(clock.instant())
                .setReason(AdjustmentReason.valueOf(a.reason()))
                .setLines(a.lines().stream().map(l -> new AdjustmentLine(l.sku(), l.quantity())).toList())
                .build());
        metrics.accepted(IngestMetrics.ADJUSTMENTS, 1);
        return a.adjustmentId();
    }

    public String append(StocktakeRequest s, Store store) {
        check(store, s.storeId(), validator.validate(s));
        List<StocktakeRequest.Count> counts = s.counts() == null ? List.of() : s.counts();
        eventLog.append(Topics.STOCK_ADJUSTMENTS, store.storeId(), Stocktake.newBuilder()
                .setStocktakeId(s.stocktakeId())
                .setStoreId(s.storeId())
                .setCountedAt(Instant.parse(s.countedAt()))
                .setReceivedAt(clock.instant())
                .setScope(StocktakeScope.valueOf(s.scope()))
                .setCounts(counts.stream().map(c -> new StockCount(c.sku(), c.quantity())).toList())
                .build());
        metrics.accepted(IngestMetrics.STOCKTAKES, 1);
        return s.stocktakeId();
    }

    /** A CSV stocktake: the same rules, with count errors named by their line in the file. */
    public String append(StocktakeCsv csv, Store store) {
        try {
            return append(csv.request(), store);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(csv.byLine(e.errors()));
        }
    }

    private static void check(Store store, String bodyStoreId, List<FieldError> errors) {
        store.requireOwns(bodyStoreId);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
