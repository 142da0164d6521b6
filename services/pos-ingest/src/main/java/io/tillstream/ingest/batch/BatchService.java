package io.tillstream.ingest.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillstream.ingest.eventlog.AtomicEventLog;
import io.tillstream.ingest.metrics.IngestMetrics;
import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import io.tillstream.ingest.stores.Store;
import io.tillstream.ingest.transactions.RequestReader;
import io.tillstream.ingest.transactions.TransactionMapper;
import io.tillstream.ingest.transactions.TransactionRequest;
import io.tillstream.ingest.transactions.TransactionValidator;
import io.tillstream.schemas.Topics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Validates each transaction of a batch on its own and appends the valid ones in one Kafka
 * transaction. An invalid item is answered REJECTED and never appended; it does not hold back
 * the others, because a till flushing its offline queue should not be stuck on one bad sale.
 */
@Singleton
public class BatchService {

    public static final int MAX_TRANSACTIONS = 500;
    private static final String FIELD = "transactions";

    private final AtomicEventLog eventLog;
    private final Clock clock;
    private final TransactionValidator validator;
    private final IngestMetrics metrics;

    public BatchService(AtomicEventLog eventLog, Clock clock, IngestMetrics metrics) {
        this.eventLog = eventLog;
        this.clock = clock;
        this.metrics = metrics;
        this.validator = new TransactionValidator(clock);
    }

    /** @return one result per item, once every accepted item is committed */
    public BatchResponse append(String body, Store store) {
        JsonNode items = transactions(RequestReader.readTree(body));
        // A token writing for another store or till is refused as a whole, before any item is judged.
        for (JsonNode item : items) {
            store.requireOwns(RequestReader.text(item, "storeId"), RequestReader.text(item, "tillId"));
        }
        Instant receivedAt = clock.instant();
        List<BatchResponse.Result> results = new ArrayList<>(items.size());
        List<AtomicEventLog.Append> appends = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            String id = item.path("transactionId").isTextual() ? item.path("transactionId").asText() : null;
            List<FieldError> errors;
            TransactionRequest request = null;
            try {
                request = RequestReader.convert(item, TransactionRequest.class);
                errors = validator.validate(request);
            } catch (InvalidRequestException e) {
                errors = e.errors();
            }
            if (errors.isEmpty()) {
                appends.add(new AtomicEventLog.Append(Topics.POS_TRANSACTIONS, store.storeId(),
                        TransactionMapper.toEvent(request, store, receivedAt)));
                results.add(BatchResponse.Result.accepted(id));
            } else {
                results.add(BatchResponse.Result.rejected(id, errors));
            }
        }
        if (!appends.isEmpty()) {
            eventLog.appendAll(appends);
        }
        metrics.accepted(IngestMetrics.BATCH, appends.size());
        metrics.rejected(IngestMetrics.BATCH, results.size() - appends.size());
        return new BatchResponse(results);
    }

    /** The envelope is strict as a whole: {@code {"transactions": [1..500 items]}} and nothing else. */
    private static JsonNode transactions(JsonNode root) {
        if (!root.isObject()) {
            throw invalid("body", "must be a JSON object {\"transactions\": [...]}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(FIELD)) {
                throw invalid(name, "is not a known field");
            }
        }
        JsonNode items = root.path(FIELD);
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_TRANSACTIONS) {
            throw invalid(FIELD, "must be an array of 1-" + MAX_TRANSACTIONS + " transactions");
        }
        return items;
    }

    private static InvalidRequestException invalid(String field, String message) {
        return new InvalidRequestException(List.of(new FieldError(field, message)));
    }
}
