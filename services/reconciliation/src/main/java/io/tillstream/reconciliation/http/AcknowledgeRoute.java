package io.tillstream.reconciliation.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tillstream.reconciliation.acknowledgements.Acknowledgements;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.ExceptionAcknowledgement;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.Caller;
import io.tillstream.service.audit.AuditTrail;
import io.tillstream.service.http.JsonHttp;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code POST /v1/exceptions/{id}/acknowledge} with an optional {@code {"note": "..."}}: someone of the
 * exception's owner team takes it on. Only that team's role may (403 otherwise); a resolved exception
 * has nothing to acknowledge (409). The acknowledgement and its audit entry are one transaction.
 * Exceptions are resolved by evidence (the rules), never by hand, so there is no resolve route.
 */
final class AcknowledgeRoute implements HttpHandler {

    static final String PREFIX = "/v1/exceptions/";
    private static final String ACTION = "/acknowledge";
    private static final int MAX_NOTE = 500;
    private static final int MAX_BODY = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Optional<ReconciliationException>> exceptions;
    private final Acknowledgements acknowledgements;
    private final AuditTrail audit;
    private final ConfluentAvroSerializer<ExceptionAcknowledgement> values;
    private final Clock clock;

    AcknowledgeRoute(Function<String, Optional<ReconciliationException>> exceptions, Acknowledgements acknowledgements,
                     AuditTrail audit, SchemaRegistryClient registry, Clock clock) {
        this.exceptions = exceptions;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
        this.values = new ConfluentAvroSerializer<>(registry, Topics.ACKNOWLEDGEMENTS.valueSchema());
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.endsWith(ACTION) || path.length() <= PREFIX.length() + ACTION.length()) {
            JsonHttp.problem(exchange, 404, "Not found", "Use POST /v1/exceptions/{id}/acknowledge");
            return;
        }
        if (!JsonHttp.allows(exchange, "POST")) {
            return;
        }
        String id = JsonHttp.decode(path.substring(PREFIX.length(), path.length() - ACTION.length()));
        String note;
        try {
            note = note(exchange.getRequestBody().readNBytes(MAX_BODY + 1));
        } catch (IllegalArgumentException e) {
            JsonHttp.problem(exchange, 400, "Bad acknowledgement", e.getMessage());
            return;
        }
        Optional<ReconciliationException> found;
        try {
            found = exceptions.apply(id);
        } catch (InvalidStateStoreException loading) {
            JsonHttp.unavailable(exchange, "Not ready", "The exceptions view is still loading");
            return;
        }
        if (found.isEmpty()) {
            JsonHttp.problem(exchange, 404, "Unknown exception", "No exception has the id " + id);
            return;
        }
        ReconciliationException exception = found.get();
        Caller caller = JsonHttp.caller();
        if (!caller.role().name().equals(exception.getOwner().name())) {
            JsonHttp.problem(exchange, 403, "Forbidden", "Only " + exception.getOwner() + " acknowledges its exceptions; "
                    + "the token's role is " + caller.role());
            return;
        }
        if (exception.getStatus() == ExceptionStatus.RESOLVED) {
            JsonHttp.problem(exchange, 409, "Already resolved", "The exception resolved at " + exception.getResolvedAt()
                    + "; there is nothing to take on");
            return;
        }
        ExceptionAcknowledgement ack = ExceptionAcknowledgement.newBuilder().setExceptionId(id)
                .setFirstSeenAt(exception.getFirstSeenAt()).setBy(caller.name()).setRole(caller.role().name())
                .setAt(clock.instant()).setNote(note).setRequestId(JsonHttp.requestId()).build();
        try {
            String topic = Topics.ACKNOWLEDGEMENTS.name();
            audit.commit(List.of(new ProducerRecord<>(topic, id, values.serialize(topic, ack))),
                    audit.entry(caller, "EXCEPTION_ACKNOWLEDGED", id, note == null ? "acknowledged" : note,
                            JsonHttp.requestId()));
        } catch (KafkaException e) {
            JsonHttp.unavailable(exchange, "Not recorded", "The acknowledgement could not be stored; retry");
            return;
        }
        acknowledgements.apply(id, ack);
        JsonHttp.send(exchange, 200, ExceptionQueryServer.json(exception, Optional.of(ack)));
    }

    private static String note(byte[] body) {
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("The body is at most " + MAX_BODY + " bytes");
        }
        if (body.length == 0) {
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is JSON: {\"note\": \"...\"}");
        }
        if (json == null || !json.isObject() || json.size() > 1 || json.size() == 1 && !json.has("note")
                || json.has("note") && !json.get("note").isTextual()) {
            throw new IllegalArgumentException("The body is {\"note\": \"...\"} or empty");
        }
        String note = json.path("note").asText(null);
        if (note != null && note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("A note is at most " + MAX_NOTE + " characters");
        }
        return note == null || note.isBlank() ? null : note.strip();
    }
}
