package io.tillstream.ingest.heartbeat;

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
import io.tillstream.ingest.eventlog.EventLog;
import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import io.tillstream.ingest.problem.Problem;
import io.tillstream.ingest.stores.Store;
import io.tillstream.ingest.stores.StoreAuthFilter;
import io.tillstream.ingest.transactions.RequestReader;
import io.tillstream.schemas.TillHeartbeat;
import io.tillstream.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/heartbeat}: a till that is online says so, between sales too, so that a quiet store
 * whose tills are up is not taken for one that went dark. 202 once durable, like an event.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HeartbeatController {

    private final EventLog eventLog;
    private final Clock clock;

    public HeartbeatController(EventLog eventLog, Clock clock) {
        this.eventLog = eventLog;
        this.clock = clock;
    }

    @Serdeable
    public record Received(String tillId, String status) {
    }

    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HeartbeatRequest.class)))
    @ApiResponse(responseCode = "202", description = "Durable (acks=all)",
            content = @Content(schema = @Schema(implementation = Received.class)))
    @ApiResponse(responseCode = "400", description = "Invalid: every offending field is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Received> heartbeat(@Body String body,
                                            @RequestAttribute(StoreAuthFilter.STORE_ATTRIBUTE) Store store) {
        HeartbeatRequest request = RequestReader.readFor(store, body, HeartbeatRequest.class);
        List<FieldError> errors = new ArrayList<>();
        if (request.tillId() == null || !request.tillId().matches("[A-Za-z0-9._:-]{1,64}")) {
            errors.add(new FieldError("tillId", "is required: 1-64 letters, digits or . _ : -"));
        }
        // A till whose clock is adrift is still online: its time is recorded, never a reason to refuse it.
        Instant sentAt = null;
        if (request.sentAt() != null) {
            try {
                sentAt = Instant.parse(request.sentAt());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("sentAt", "must be an ISO-8601 instant, e.g. 2026-11-26T10:15:30Z"));
            }
        }
        if (request.queued() != null && request.queued() < 0) {
            errors.add(new FieldError("queued", "must be 0 or more: the events the till holds unsent"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        eventLog.append(Topics.TILL_HEARTBEATS, store.storeId(), TillHeartbeat.newBuilder()
                .setStoreId(store.storeId()).setTillId(request.tillId()).setSentAt(sentAt)
                .setReceivedAt(clock.instant()).setQueued(request.queued() == null ? 0 : request.queued()).build());
        return HttpResponse.accepted().body(new Received(request.tillId(), "ACCEPTED"));
    }
}
