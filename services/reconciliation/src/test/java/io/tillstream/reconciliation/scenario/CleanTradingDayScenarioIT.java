package io.tillstream.reconciliation.scenario;

import static io.tillstream.reconciliation.scenario.ScenarioRecords.adjustment;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.counted;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.level;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.observation;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.settlement;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.stocktake;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.schemas.TenderTotals;
import io.tillstream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No false positives: a consistent trading day in two stores raises nothing. The stores have just
 * closed: their tills sync the day's journal within the close grace, and the day becomes final a few
 * seconds later, in real time, as in production. The day has everything that
 * looks like a gap to a naive rule but is not one: webshop orders that allocate Centra stock (physical
 * unchanged), pushes read back from Centra before the sink confirmed them, a read delivered after a
 * later confirmation, a push still in flight when the day ends, a sale the sink has not pushed yet,
 * a return held for inspection and restocked the same afternoon, a cash sale the card payout does not
 * cover, and a payout that matches the card tenders net of fees.
 */
@ExtendWith(ScenarioPipelineExtension.class)
class CleanTradingDayScenarioIT {

    /** Long enough for the drift grace and every wall-clock check to have run several times. */
    private static final Duration QUIET = ScenarioPipeline.DRIFT_GRACE.plus(ScenarioPipeline.CHECK_INTERVAL
            .multipliedBy(8));

    @Test
    void aConsistentTradingDayRaisesNoException(ScenarioPipeline pipeline) throws Exception {
        Map<String, Integer> stores = new LinkedHashMap<>();
        stores.put(pipeline.stores.id(ScenarioStores.CLEAN_A), 8101);
        stores.put(pipeline.stores.id(ScenarioStores.CLEAN_B), 8102);
        stores.forEach((store, warehouse) -> trade(pipeline, store, warehouse));
        for (String store : stores.keySet()) {
            assertThat(Instant.now()).as("the journal must be in before the day is final; raise CLOSING_IN")
                    .isBefore(pipeline.stores.finalAt(store, pipeline.stores.today(store)));
        }

        for (String store : stores.keySet()) {
            String dayKey = store + "|" + pipeline.stores.today(store);
            DailyStoreTotals day = pipeline.awaitTotals(dayKey, 1);
            assertThat(tender(day, "CARD").getNet()).isEqualByComparingTo("60.00");
            assertThat(tender(day, "CARD").getRefunds()).isEqualByComparingTo("25.00");
            assertThat(tender(day, "CARD").getCount()).isEqualTo(4);
            assertThat(tender(day, "CASH").getNet()).isEqualByComparingTo("15.00");
            // the next morning the card provider pays out 59.00 after 1.00 of fees
            Instant payout = Instant.now();
            pipeline.send(Topics.SETTLEMENTS, dayKey + "|ADYEN",
                    settlement(store, pipeline.stores.today(store), "59.00", "1.00", payout), payout);
        }
        pipeline.awaitCaughtUp();

        Set<String> storeIds = stores.keySet();
        List<ConsumerRecord<String, ReconciliationException>> raised = pipeline.exceptions.collect(
                r -> storeIds.contains(r.value().getStoreId()) || storeIds.stream().anyMatch(
                        s -> r.value().getSku() != null && r.value().getSku().startsWith(s)), QUIET);
        assertThat(raised).extracting(r -> r.key() + " " + r.value().getStatus() + ": " + r.value().getDetail())
                .isEmpty();
        assertThat(pipeline.dailyTotals.collect(r -> r.value().getStoreId() != null
                        && storeIds.contains(r.value().getStoreId()), Duration.ZERO))
                .as("each day published once, never amended").hasSize(storeIds.size());
    }

    /** One store's day as the services write it, each record at its event time. */
    private static void trade(ScenarioPipeline pipeline, String store, int warehouse) {
        LocalDate day = pipeline.stores.today(store);
        String tee = store + "-TEE";
        String cap = store + "-CAP";
        String sock = store + "-SOCK";
        Feed feed = new Feed(pipeline, store, warehouse, day);

        // The tills' journal of the day, synced after closing time: two tees and a cap sold, a tee
        // returned for a refund, socks, a last tee.
        feed.at(11, 0, 0).sale(store + "-T1", tee, 2, "25.00", "CARD");
        feed.at(12, 0, 0).sale(store + "-T2", cap, 1, "15.00", "CASH");
        feed.at(13, 0, 0).sale(store + "-T3", tee, -1, "25.00", "CARD");
        feed.at(16, 0, 0).sale(store + "-T4", sock, 1, "10.00", "CARD");
        feed.at(18, 0, 0).sale(store + "-T5", tee, 1, "25.00", "CARD");

        // The ledger and Centra through the day: the opening count, pushed to Centra and read back
        feed.at(9, 0, 0).adjustment(stocktake(store, store + "-ST1", Map.of(tee, 10, cap, 5, sock, 6), feed.t))
                .level(counted(store, tee, 10, 1, feed.t)).level(counted(store, cap, 5, 1, feed.t))
                .level(counted(store, sock, 6, 1, feed.t));
        feed.at(9, 1, 0).receipt(tee, 1, 10, SyncStatus.CONFIRMED).receipt(cap, 1, 5, SyncStatus.CONFIRMED)
                .receipt(sock, 1, 6, SyncStatus.CONFIRMED);
        feed.at(9, 2, 0).centra(tee, 10, 0).centra(cap, 5, 0).centra(sock, 6, 0);
        // webshop orders allocate 3 tees: free-to-allocate drops, physical does not
        feed.at(10, 5, 0).centra(tee, 10, 3);

        // two tees by card; Centra is read after the push landed but before the sink confirmed it
        feed.at(11, 0, 0).level(level(store, tee, 8, 0, 2, feed.t));
        feed.at(11, 0, 1).receipt(tee, 2, 8, SyncStatus.PENDING);
        feed.at(11, 0, 2).centra(tee, 8, 3);
        feed.at(11, 0, 3).receipt(tee, 2, 8, SyncStatus.CONFIRMED);

        // a cap for cash; a read taken before the push landed arrives after its confirmation
        feed.at(12, 0, 0).level(level(store, cap, 4, 0, 2, feed.t));
        feed.at(12, 0, 1).receipt(cap, 2, 4, SyncStatus.PENDING);
        feed.at(12, 0, 3).receipt(cap, 2, 4, SyncStatus.CONFIRMED);
        feed.at(12, 0, 2).centra(cap, 5, 0);
        feed.at(12, 5, 0).centra(cap, 4, 1);

        // a tee returned for a card refund waits for inspection, then goes back on sale
        feed.at(13, 0, 0).level(level(store, tee, 8, 1, 3, feed.t));
        feed.at(15, 0, 0).adjustment(adjustment(store, store + "-A1", AdjustmentReason.RETURN_RESTOCKED, tee, 1,
                feed.t)).level(level(store, tee, 9, 0, 4, feed.t));
        feed.at(15, 0, 1).receipt(tee, 3, 9, SyncStatus.PENDING);
        feed.at(15, 0, 3).receipt(tee, 3, 9, SyncStatus.CONFIRMED);
        feed.at(15, 5, 0).centra(tee, 9, 3);

        // socks sold; the last read of Centra before the day ends was taken before that push landed
        feed.at(16, 0, 0).level(level(store, sock, 5, 0, 2, feed.t));
        feed.at(16, 0, 1).receipt(sock, 2, 5, SyncStatus.PENDING);
        feed.at(16, 0, 3).receipt(sock, 2, 5, SyncStatus.CONFIRMED);
        feed.at(16, 0, 2).centra(sock, 6, 0);

        // a delivery of caps, whose push is still in flight at the end of the day
        feed.at(17, 0, 0).adjustment(adjustment(store, store + "-A2", AdjustmentReason.RECEIVED, cap, 6, feed.t))
                .level(level(store, cap, 10, 0, 3, feed.t));
        feed.at(17, 0, 1).receipt(cap, 3, 10, SyncStatus.PENDING);
        feed.at(17, 0, 2).centra(cap, 10, 1);

        // a last tee by card that the sink has not pushed yet; a webshop order is cancelled meanwhile
        feed.at(18, 0, 0).level(level(store, tee, 8, 0, 5, feed.t));
        feed.at(18, 5, 0).centra(tee, 9, 2);
    }

    private static TenderTotals tender(DailyStoreTotals day, String method) {
        return day.getTenders().stream().filter(t -> t.getMethod().equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + method + " tender in " + day));
    }

    /** Writes one store's records at a local time of its business day. */
    private static final class Feed {
        private final ScenarioPipeline pipeline;
        private final String store;
        private final int warehouse;
        private final LocalDate day;
        private Instant t;

        Feed(ScenarioPipeline pipeline, String store, int warehouse, LocalDate day) {
            this.pipeline = pipeline;
            this.store = store;
            this.warehouse = warehouse;
            this.day = day;
        }

        Feed at(int hour, int minute, int second) {
            t = pipeline.stores.at(store, day, LocalTime.of(hour, minute, second));
            return this;
        }

        /** A sale (or, with a negative quantity, a return) that occurred then, received now. */
        Feed sale(String transactionId, String sku, int quantity, String unitPrice, String method) {
            Instant received = Instant.now();
            pipeline.send(Topics.POS_TRANSACTIONS, store,
                    transaction(store, transactionId, day, t, received, sku, quantity, unitPrice, method), received);
            return this;
        }

        Feed adjustment(Object movement) {
            pipeline.send(Topics.STOCK_ADJUSTMENTS, store, movement, t);
            return this;
        }

        Feed level(StockLevel level) {
            pipeline.send(Topics.STOCK_LEVELS, store + "|" + level.getSku(), level, t);
            return this;
        }

        Feed receipt(String sku, long sequence, int ledgerOnHand, SyncStatus status) {
            pipeline.send(Topics.SYNC_RECEIPTS, warehouse + "|" + sku,
                    ScenarioRecords.receipt(warehouse, sku, store, sequence, ledgerOnHand, status, t), t);
            return this;
        }

        Feed centra(String sku, int physical, int allocated) {
            pipeline.send(Topics.CENTRA_STOCK, warehouse + "|" + sku,
                    observation(warehouse, sku, physical, allocated, t), t);
            return this;
        }
    }
}
