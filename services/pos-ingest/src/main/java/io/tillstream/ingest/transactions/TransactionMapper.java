package io.tillstream.ingest.transactions;

import io.tillstream.ingest.stores.Store;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReturnDisposition;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/** Turns a validated request into the immutable event, stamped with what only the server knows. */
public final class TransactionMapper {

    /** The Avro decimals carry a fixed scale of 4, enough for every ISO 4217 currency. */
    private static final int SCALE = 4;

    private TransactionMapper() {
    }

    public static PosTransaction toEvent(TransactionRequest t, Store store, Instant receivedAt) {
        Instant occurredAt = Instant.parse(t.occurredAt());
        List<TransactionRequest.Line> lines = t.lines() == null ? List.of() : t.lines();
        List<TransactionRequest.Tender> tenders = t.tenders() == null ? List.of() : t.tenders();
        return PosTransaction.newBuilder()
                .setTransactionId(t.transactionId())
                .setStoreId(t.storeId())
                .setTillId(t.tillId())
                .setType(TransactionType.valueOf(t.type()))
                .setOccurredAt(occurredAt)
                .setReceivedAt(receivedAt)
                // The business day is the store's local date, not UTC's: a sale at 00:30 in Sydney
                // belongs to that Sydney day, unless the store's window opened the evening before and
                // runs past midnight (then it is that evening's).
                .setBusinessDate(store.businessDateOf(occurredAt))
                .setCurrency(t.currency())
                .setLines(lines.stream().map(TransactionMapper::line).toList())
                .setTenders(tenders.stream().map(TransactionMapper::tender).toList())
                .setVoidsTransactionId(t.voidsTransactionId())
                .build();
    }

    private static TransactionLine line(TransactionRequest.Line l) {
        return TransactionLine.newBuilder()
                .setSku(l.sku())
                .setQuantity(l.quantity())
                .setUnitPrice(amount(l.unitPrice()))
                .setDiscount(amount(l.discount()))
                .setTax(amount(l.tax()))
                .setReturnDisposition(l.returnDisposition() == null ? null : ReturnDisposition.valueOf(l.returnDisposition()))
                .build();
    }

    private static Tender tender(TransactionRequest.Tender t) {
        return Tender.newBuilder().setMethod(t.method()).setAmount(amount(t.amount())).setReference(t.reference()).build();
    }

    private static BigDecimal amount(String value) {
        return (value == null ? BigDecimal.ZERO : new BigDecimal(value)).setScale(SCALE, RoundingMode.UNNECESSARY);
    }
}
