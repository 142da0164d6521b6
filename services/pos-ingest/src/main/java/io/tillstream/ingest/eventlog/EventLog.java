package io.tillstream.ingest.eventlog;

import io.tillstream.schemas.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events to their topics and returns only once the broker acknowledged them with
 * {@code acks=all}. The producer is idempotent, so its own retries never duplicate a record;
 * a till's retry of the same transaction is deduplicated downstream by its id.
 */
public class EventLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final Producer<String, byte[]> producer;
    private final Map<String, Serializer<SpecificRecord>> serializers;
    private final Duration ackTimeout;

    /**
     * @param connection  bootstrap servers and client security ({@code KafkaClientEnvironment}); the settings
     *                    below take precedence
     * @param serializers one Confluent-wire-format serializer per topic name, since each topic has its own schema
     * @param ackTimeout  how long an HTTP request may wait for the broker before the till is told 503
     */
    public EventLog(Map<String, ?> connection, Map<String, Serializer<SpecificRecord>> serializers, Duration ackTimeout) {
        this.serializers = Map.copyOf(serializers);
        this.ackTimeout = ackTimeout;
        Map<String, Object> config = new HashMap<>(connection);
        config.putAll(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "pos-ingest",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                // Bounded so a till is answered (503) within the ack timeout when the broker is gone.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis() + 2_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(ackTimeout.toMillis(), 5_000)));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Appends one event keyed by its store; returns once it is durable or throws {@link EventLogUnavailableException}. */
    public void append(TopicSpec<?> topic, String key, SpecificRecord event) {
        byte[] value = Registry.serialize(serializers.get(topic.name()), topic.name(), event);
        // send() itself may block (up to max.block.ms) for metadata: the wait for the ack gets what is left.
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | org.apache.kafka.common.errors.TimeoutException e) {
            log.warn("Append to {} for {} not acknowledged: {}", topic.name(), key, e.toString());
            throw new EventLogUnavailableException("The event log did not acknowledge the append", Duration.ofSeconds(5), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException("Interrupted while appending", Duration.ofSeconds(1), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
