package io.tillstream.centra.sink.receipts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sink's journal in {@code centra.sync-receipts.v1}: an intent before each mutation is sent,
 * the outcome after. It is what makes a non-idempotent API exactly-once across restarts: confirmed
 * sequences are never sent again, and an intent without an outcome is read back from Centra.
 */
public interface ReceiptLog extends AutoCloseable {

    /**
     * One size's share of a mutation.
     *
     * @param ledgerOnHand the POS ledger's on-hand after the latest change included
     * @param centraBefore Centra's physical stock just before the mutation was sent; null unless
     *                     the sink reads back by comparing stock
     */
    record Part(String locationId, String sku, int warehouseId, long sequence, int delta, int ledgerOnHand,
                Integer centraBefore) {

        public Part(String locationId, String sku, int warehouseId, long sequence, int delta, int ledgerOnHand) {
            this(locationId, sku, warehouseId, sequence, delta, ledgerOnHand, null);
        }

        public String key() {
            return locationId + "|" + sku;
        }
    }

    /**
     * What the journal says after a restart.
     *
     * @param confirmed per {@code location|sku}, the highest sequence Centra confirmed
     * @param pending   per mutation id, the parts of mutations sent without a known outcome
     * @param sentAt    when each mutation still in the journal was sent, to restore the budget's spend
     * @param refused   sizes whose latest change Centra refused: parked until Centra knows them
     */
    record Recovered(Map<String, Long> confirmed, Map<String, List<Part>> pending, List<Instant> sentAt,
                     List<Part> refused) {
    }

    Recovered recover();

    /** Durable before the mutation is sent. */
    void intent(String mutationId, List<Part> parts);

    void confirmed(String mutationId, String centraStockChangeId, List<Part> parts);

    void failed(String mutationId, List<Part> parts, String reason);

    @Override
    default void close() {
    }

    /** No journal: exactly-once only while the task lives (tests, or a deployment without receipts). */
    ReceiptLog NONE = new ReceiptLog() {
        @Override
        public Recovered recover() {
            return new Recovered(Map.of(), Map.of(), List.of(), List.of());
        }

        @Override
        public void intent(String mutationId, List<Part> parts) {
        }

        @Override
        public void confirmed(String mutationId, String centraStockChangeId, List<Part> parts) {
        }

        @Override
        public void failed(String mutationId, List<Part> parts, String reason) {
        }
    };
}
