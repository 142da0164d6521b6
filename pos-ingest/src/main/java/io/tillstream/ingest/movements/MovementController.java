package io.tillstream.ingest.movements;

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
import io.tillstream.ingest.transactions.RequestReader;

/** {@code POST /v1/stock-adjustments} and {@code POST /v1/stocktakes}: 202 once durable. */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MovementController {

    private final MovementService movements;

    public MovementController(MovementService movements) {
        this.movements = movements;
    }

    @Post("/stock-adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Receipt> adjust(@Body String body, @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        return HttpResponse.accepted().body(new Receipt(movements.append(RequestReader.read(body, AdjustmentRequest.class), store), "ACCEPTED"));
    }

    @Post("/stocktakes")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Receipt> count(@Body String body, @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        return HttpResponse.accepted().body(new Receipt(movements.append(RequestReader.read(body, StocktakeRequest.class), store), "ACCEPTED"));
    }

    @Serdeable
    public record Receipt(String id, String status) {
    }
}
