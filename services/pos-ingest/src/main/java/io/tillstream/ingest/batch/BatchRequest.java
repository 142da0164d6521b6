package io.tillstream.ingest.batch;

import io.tillstream.ingest.transactions.TransactionRequest;
import java.util.List;

/**
 * The shape of a batch, for the OpenAPI spec only: {@link BatchService} reads the body as a tree
 * so that one malformed item is REJECTED on its own instead of failing the whole batch.
 */
public record BatchRequest(List<TransactionRequest> transactions) {
}
