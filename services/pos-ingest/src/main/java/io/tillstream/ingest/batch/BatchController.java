package io.tillstream.ingest.batch;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tillstream.ingest.problem.Problem;
import io.tillstream.ingest.stores.Store;
import io.tillstream.ingest.stores.StoreAuthFilter;

/**
 * {@code POST /v1/transactions/batch}: up to 500 transactions, 200 with a result per item once the
 * accepted ones are committed together in one Kafka transaction; 503 if the commit did not succeed,
 * and the till re-posts the same batch (its ids are deduplicated downstream).
 */
@Controller("/v1/transactions/batch")
public class BatchController {

    private final BatchService batches;

    public BatchController(BatchService batches) {
        this.batches = batches;
    }

    /** Blocks until the Kafka transaction commits, so it runs off the event loop. */
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BatchRequest.class)))
    @ApiResponse(responseCode = "200", description = "One result per item; the ACCEPTED ones are committed together",
            content = @Content(schema = @Schema(implementation = BatchResponse.class)))
    @ApiResponse(responseCode = "400", description = "Not a batch of 1-500 transactions; nothing appended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "The commit did not succeed: re-post the same batch",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<BatchResponse> append(@Body String body,
                                              @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        return HttpResponse.ok(batches.append(body, store));
    }
}
