package io.tillstream.reconciliation.acknowledgements;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.ExceptionAcknowledgement;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicFeed;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every instance's copy of {@code reconciliation.acknowledgements.v1}: who took which exception on.
 * An acknowledgement holds for the occurrence it names, so a condition that resolved and came back is
 * shown unacknowledged again.
 */
public final class Acknowledgements implements AutoCloseable {

    private final Map<String, ExceptionAcknowledgement> byException = new ConcurrentHashMap<>();
    private final TopicFeed<ExceptionAcknowledgement> feed;

    private Acknowledgements(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        this.feed = new TopicFeed<>(kafkaClient, registry, Topics.ACKNOWLEDGEMENTS, this::apply, () -> { });
    }

    public static Acknowledgements start(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        Acknowledgements acknowledgements = new Acknowledgements(kafkaClient, registry);
        acknowledgements.feed.start();
        return acknowledgements;
    }

    /** Also called with what this instance just wrote, so its own answer does not wait for the topic. */
    public void apply(String exceptionId, ExceptionAcknowledgement acknowledgement) {
        if (acknowledgement == null) {
            byException.remove(exceptionId);
        } else {
            byException.put(exceptionId, acknowledgement);
        }
    }

    /** The acknowledgement of this occurrence of the exception, if any. */
    public Optional<ExceptionAcknowledgement> of(ReconciliationException exception) {
        ExceptionAcknowledgement ack = byException.get(exception.getId());
        return ack != null && ack.getFirstSeenAt().equals(exception.getFirstSeenAt()) ? Optional.of(ack) : Optional.empty();
    }

    @Override
    public void close() {
        feed.close();
    }
}
