package io.tillstream.ingest.transactions;

import io.tillstream.ingest.eventlog.EventLog;
import io.tillstream.ingest.metrics.IngestMetrics;
import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import io.tillstream.ingest.stores.Store;
import io.tillstream.schemas.Topics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Validates a transaction for its store and appends it to {@code pos.transactions.v1}, keyed by store. */
@Singleton
public class TransactionService {

    private final EventLog eventLog;
    private final Clock clock;
    private final TransactionValidator validator;
    private final IngestMetrics metrics;

    public TransactionService(EventLog eventLog, Clock clock, IngestMetrics metrics) {
        this.eventLog = eventLog;
        this.clock = clock;
        this.metrics = metrics;
        this.validator = new TransactionValidator(clock);
    }

    /** @return the transaction id, once durable */
    public String append(TransactionRequest request, Store store) {
        store.requireOwns(request.storeId(), request.tillId());
        List<FieldError> errors = validator.validate(request);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        eventLog.append(Topics.POS_TRANSACTIONS, store.storeId(),
                TransactionMapper.toEvent(request, store, clock.instant()));
        metrics.accepted(IngestMetrics.TRANSACTIONS, 1);
        return request.transactionId();
    }
}
