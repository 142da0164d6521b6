package io.tillstream.reconciliation.topology;

import io.tillstream.schemas.PosTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds finance's memory of transactions ({@value ReconciliationTopology#FINANCE_TRANSACTIONS_STORE}):
 * a transaction received longer than the retention ago is forgotten. Age is measured against stream
 * time (the newest record timestamp seen), not the wall clock, so replaying an old log keeps
 * deduplicating exactly as it did live instead of purging everything it just read.
 */
final class TransactionRetention {

    /** How often (in stream time) the store is swept; a sweep reads the whole store. */
    static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(TransactionRetention.class);

    private final KeyValueStore<String, PosTransaction> transactions;
    private final Duration retention;

    TransactionRetention(KeyValueStore<String, PosTransaction> transactions, Duration retention) {
        this.transactions = transactions;
        this.retention = retention;
    }

    /** A stream-time punctuation: deletes every transaction received before {@code streamTimeMs - retention}. */
    void purge(long streamTimeMs) {
        long horizon = streamTimeMs - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PosTransaction> it = transactions.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getReceivedAt().toEpochMilli() < horizon) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(transactions::delete);
        if (!expired.isEmpty()) {
            log.info("Forgot {} transactions received more than {} ago", expired.size(), retention);
        }
    }
}
