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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tillstream.ingest.problem.Problem;
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
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TransactionRequest.class)))
    @ApiResponse(responseCode = "202", description = "Durable in the event log (acks=all)",
            content = @Content(schema = @Schema(implementation = Receipt.class)))
    @ApiResponse(responseCode = "400", description = "Invalid: every offending field is named, nothing appended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Receipt> append(@Body String body, @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        String id = transactions.append(RequestReader.readFor(store, body, TransactionRequest.class), store);
        return HttpResponse.accepted().body(new Receipt(id, "ACCEPTED"));
    }

    @Serdeable
    public record Receipt(String transactionId, String status) {
    }
}
