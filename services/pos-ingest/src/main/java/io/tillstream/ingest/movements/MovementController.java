package io.tillstream.ingest.movements;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
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
import io.tillstream.ingest.transactions.RequestReader;

/** {@code POST /v1/stock-adjustments} and {@code POST /v1/stocktakes}: 202 once durable. */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MovementController {

    static final String TEXT_CSV = "text/csv";

    private final MovementService movements;

    public MovementController(MovementService movements) {
        this.movements = movements;
    }

    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AdjustmentRequest.class)))
    @ApiResponse(responseCode = "202", description = "Durable in the event log (acks=all)",
            content = @Content(schema = @Schema(implementation = Receipt.class)))
    @ApiResponse(responseCode = "400", description = "Invalid: every offending field is named, nothing appended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/stock-adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Receipt> adjust(@Body String body, @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        return HttpResponse.accepted().body(new Receipt(movements.append(RequestReader.readFor(store, body, AdjustmentRequest.class), store), "ACCEPTED"));
    }

    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = StocktakeRequest.class)))
    @ApiResponse(responseCode = "202", description = "Durable in the event log (acks=all)",
            content = @Content(schema = @Schema(implementation = Receipt.class)))
    @ApiResponse(responseCode = "400", description = "Invalid: every offending field is named, nothing appended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/stocktakes")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Receipt> count(@Body String body, @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        return HttpResponse.accepted().body(new Receipt(movements.append(RequestReader.readFor(store, body, StocktakeRequest.class), store), "ACCEPTED"));
    }

    /** The same stocktake as a scanner's CSV export; the fields that are not counts are query parameters. */
    @RequestBody(required = true, content = @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string",
            example = "sku,quantity\nCAS-TEE-BLK-M,9\n")))
    @ApiResponse(responseCode = "202", description = "Durable in the event log (acks=all)",
            content = @Content(schema = @Schema(implementation = Receipt.class)))
    @ApiResponse(responseCode = "400", description = "Invalid: fields and CSV lines (line 1 is the header) are named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/stocktakes")
    @Consumes(TEXT_CSV)
    public HttpResponse<Receipt> countCsv(@Body String body, @Nullable @QueryValue String stocktakeId,
                                          @Nullable @QueryValue String storeId, @Nullable @QueryValue String countedAt,
                                          @Nullable @QueryValue String scope,
                                          @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        StocktakeCsv csv = StocktakeCsv.parse(body, stocktakeId, storeId, countedAt, scope);
        return HttpResponse.accepted().body(new Receipt(movements.append(csv, store), "ACCEPTED"));
    }

    @Serdeable
    public record Receipt(String id, String status) {
    }
}
