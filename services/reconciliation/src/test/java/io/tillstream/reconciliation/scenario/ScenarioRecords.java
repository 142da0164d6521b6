package io.tillstream.reconciliation.scenario;

import io.tillstream.schemas.AdjustmentLine;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.CentraStockObservation;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockCount;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Stocktake;
import io.tillstream.schemas.StocktakeScope;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The records the upstream services write (pos-ingest, the stock projector, the Centra sink and source
 * connectors, the settlement import), built the way those services build them, so scenarios read as
 * the story of a store's day.
 */
final class ScenarioRecords {

    private ScenarioRecords() {
    }

    /**
     * One line paid in one tender; a negative quantity is a return refunded in the same tender, its
     * units held for inspection.
     */
    static PosTransaction transaction(String storeId, String transactionId, LocalDate businessDate, Instant occurredAt,
                                      Instant receivedAt, String sku, int quantity, String unitPrice, String method) {
        BigDecimal price = money(unitPrice);
        BigDecimal total = price.multiply(BigDecimal.valueOf(quantity));
        return PosTransaction.newBuilder().setTransactionId(transactionId).setStoreId(storeId).setTillId("T01")
                .setType(quantity < 0 ? TransactionType.RETURN : TransactionType.SALE)
                .setOccurredAt(occurredAt).setReceivedAt(receivedAt).setBusinessDate(businessDate).setCurrency("GBP")
                .setLines(List.of(TransactionLine.newBuilder().setSku(sku).setQuantity(quantity).setUnitPrice(price)
                        .setDiscount(money("0")).setTax(money("0"))
                        .setReturnDisposition(quantity < 0 ? ReturnDisposition.INSPECT : null).build()))
                .setTenders(List.of(Tender.newBuilder().setMethod(method).setAmount(total.setScale(4))
                        .setReference(null).build()))
                .setVoidsTransactionId(null)
                .build();
    }

    /** The ledger of one SKU at one location, as the projector publishes it after a movement. */
    static StockLevel level(String locationId, String sku, int onHand, int pendingInspection, long version,
                            Instant asOf) {
        return StockLevel.newBuilder().setLocationId(locationId).setSku(sku).setOnHand(onHand)
                .setPendingInspection(pendingInspection).setSafetyBuffer(0).setAts(Math.max(0, onHand))
                .setVersion(version).setChangeSequence(version).setAsOf(asOf).setLastCountedAt(null).build();
    }

    /** A level right after a stocktake counted it. */
    static StockLevel counted(String locationId, String sku, int onHand, long version, Instant countedAt) {
        return StockLevel.newBuilder(level(locationId, sku, onHand, 0, version, countedAt))
                .setLastCountedAt(countedAt).build();
    }

    static StockAdjustment adjustment(String storeId, String adjustmentId, AdjustmentReason reason, String sku,
                                      int quantity, Instant at) {
        return StockAdjustment.newBuilder().setAdjustmentId(adjustmentId).setStoreId(storeId).setOccurredAt(at)
                .setReceivedAt(at).setReason(reason)
                .setLines(List.of(AdjustmentLine.newBuilder().setSku(sku).setQuantity(quantity).build())).build();
    }

    static Stocktake stocktake(String storeId, String stocktakeId, Map<String, Integer> counts, Instant countedAt) {
        return Stocktake.newBuilder().setStocktakeId(stocktakeId).setStoreId(storeId).setCountedAt(countedAt)
                .setReceivedAt(countedAt).setScope(StocktakeScope.FULL)
                .setCounts(counts.entrySet().stream().map(c -> StockCount.newBuilder().setSku(c.getKey())
                        .setQuantity(c.getValue()).build()).toList())
                .build();
    }

    /** What the projector sent to the Centra sink, and what the sink parks on its DLQ when Centra refuses it. */
    static StockChange change(String locationId, String sku, long sequence, int delta, int onHandAfter,
                              Instant occurredAt) {
        return StockChange.newBuilder().setLocationId(locationId).setSku(sku).setSequence(sequence).setDelta(delta)
                .setOnHandAfter(onHandAfter).setReason("SALE").setCauseEventIds(List.of("tx-" + sequence))
                .setOccurredAt(occurredAt).build();
    }

    /** The sink's journal entry for one (warehouse, size): PENDING before the mutation, CONFIRMED after. */
    static SyncReceipt receipt(int warehouseId, String sku, String locationId, long sequence, int ledgerOnHand,
                               SyncStatus status, Instant at) {
        return SyncReceipt.newBuilder().setWarehouseId(warehouseId).setSku(sku).setLocationId(locationId)
                .setConfirmedSequence(sequence).setDelta(0).setMutationId("mut-" + sku + "-" + sequence)
                .setCentraStockChangeId(status == SyncStatus.CONFIRMED ? "csc-" + sequence : null).setStatus(status)
                .setError(null).setLedgerOnHand(ledgerOnHand).setAt(at).build();
    }

    /**
     * Centra's stock of one size as the stock source connector read it. Webshop orders allocate stock:
     * they lower free-to-allocate, not physical, until the order ships.
     */
    static CentraStockObservation observation(int warehouseId, String sku, int physical, int allocated,
                                              Instant observedAt) {
        return CentraStockObservation.newBuilder().setWarehouseId(warehouseId).setSku(sku).setPhysical(physical)
                .setAllocated(allocated).setFreeToAllocate(physical - allocated).setObservedAt(observedAt).build();
    }

    static Settlement settlement(String storeId, LocalDate businessDate, String amount, String fees, Instant at) {
        return Settlement.newBuilder().setProvider("ADYEN").setStoreId(storeId).setBusinessDate(businessDate)
                .setCurrency("GBP").setAmount(money(amount)).setFees(money(fees)).setReference("payout-" + storeId)
                .setReceivedAt(at).build();
    }

    static BigDecimal money(String amount) {
        return new BigDecimal(amount).setScale(4);
    }
}
