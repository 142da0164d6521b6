package io.tillstream.reconciliation.watch;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Exceptions raised outside the topology (the Connect watch) go to the same compacted topic as the
 * topology's, so the view, the dashboard and the alerts treat them alike.
 */
public final class KafkaExceptions implements ConnectWatch.Exceptions, AutoCloseable {

    private final KafkaProducer<String, ReconciliationException> producer;
    private final Function<String, Optional<ReconciliationException>> view;

    /** @param view the exceptions view (the global table) by id */
    public KafkaExceptions(Map<String, Object> kafkaClient, SchemaRegistryClient registry,
                           Function<String, Optional<ReconciliationException>> view) {
        Properties p = new Properties();
        p.putAll(kafkaClient);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "reconciliation-connect-watch");
        this.producer = new KafkaProducer<>(p, new StringSerializer(),
                new ConfluentAvroSerializer<>(registry, Topics.EXCEPTIONS.valueSchema()));
        this.view = view;
    }

    @Override
    public Optional<ReconciliationException> current(String id) {
        return view.apply(id);
    }

    @Override
    public void publish(ReconciliationException exception) {
        try {
            producer.send(new ProducerRecord<>(Topics.EXCEPTIONS.name(), exception.getId(), exception))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted publishing " + exception.getId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Could not publish " + exception.getId(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
