package io.tillstream.ingest.transactions;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.tillstream.ingest.stores.Store;
import io.tillstream.ingest.stores.StoreAuthFilter;

/** {@code POST /v1/transactions}: one till transaction, 202 once it is durable in the event log. */
@Controller("/v1/transactions")
public class TransactionController {

    private final TransactionService transactions;

    public TransactionController(TransactionService transactions) {
        this.transactions = transactions;
    }

    /** Blocks until the broker acknowledges, so it runs off the event loop. */
    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Receipt> append(@Body String body, @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        String id = transactions.append(RequestReader.read(body, TransactionRequest.class), store);
        return HttpResponse.accepted().body(new Receipt(id, "ACCEPTED"));
    }

    @Serdeable
    public record Receipt(String transactionId, String status) {
    }
}
