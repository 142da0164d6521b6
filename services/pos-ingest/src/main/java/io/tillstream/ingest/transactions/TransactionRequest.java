package io.tillstream.ingest.transactions;

import java.util.List;

/**
 * A POS transaction as a till posts it. Every field is kept as the till sent it (money as text)
 * so that {@link TransactionValidator} can name exactly what is wrong; only a valid request is
 * turned into an event.
 */
public record TransactionRequest(String transactionId, String storeId, String tillId, String type,
                                 String occurredAt, String currency, List<Line> lines, List<Tender> tenders,
                                 String voidsTransactionId) {

    public record Line(String sku, Integer quantity, String unitPrice, String discount, String tax,
                       String returnDisposition) {
    }

    public record Tender(String method, String amount, String reference) {
    }
}
