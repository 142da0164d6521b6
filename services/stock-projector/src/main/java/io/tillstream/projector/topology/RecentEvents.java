package io.tillstream.projector.topology;

import io.tillstream.domain.events.StoreEvent;
import io.tillstream.schemas.PosTransaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the ledger remembers of each store's recent events, for one window: every event id (so a
 * re-posted event is applied once) and every transaction (so a VOID can reverse it, once).
 * Both are forgotten together when the window has passed, which bounds the state.
 */
final class RecentEvents {

    private static final String TRANSACTION = StoreEvent.Kind.TRANSACTION.letter() + "|";

    private final KeyValueStore<String, Long> seen;
    private final KeyValueStore<String, PosTransaction> transactions;

    RecentEvents(KeyValueStore<String, Long> seen, KeyValueStore<String, PosTransaction> transactions) {
        this.seen = seen;
        this.transactions = transactions;
    }

    /** Remembers the event as seen at {@code now} (wall clock, ms); false when it was seen before. */
    boolean firstSighting(SpecificRecord event, long now) {
        String key = StoreEvent.of(event).key();
        if (seen.get(key) != null) {
            return false;
        }
        seen.put(key, now);
        return true;
    }

    /** Remembers a transaction, a VOID included, so a later VOID can name it. */
    void remember(PosTransaction t) {
        transactions.put(transactionKey(t.getStoreId(), t.getTransactionId()), t);
    }

    /** What is recorded under a transaction id: the transaction, the VOID that reversed it, or null. */
    PosTransaction recorded(String storeId, String transactionId) {
        return transactionId == null ? null : transactions.get(transactionKey(storeId, transactionId));
    }

    /** The transaction now records the VOID that reversed it, so another VOID of it is rejected. */
    void voided(String transactionId, PosTransaction voidTx) {
        transactions.put(transactionKey(voidTx.getStoreId(), transactionId), voidTx);
    }

    /** Forgets every event first seen before {@code cutoff} (wall clock, ms). */
    void forgetSeenBefore(long cutoff) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        for (String key : expired) {
            seen.delete(key);
            if (key.startsWith(TRANSACTION)) {
                transactions.delete(key.substring(TRANSACTION.length()));
            }
        }
    }

    /** The seen key of a transaction is T| + its transaction key: forgetting the one forgets the other. */
    private static String transactionKey(String storeId, String transactionId) {
        return storeId + "|" + transactionId;
    }
}
