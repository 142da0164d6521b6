package io.tillstream.ingest.eventlog;

import io.tillstream.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a group of events in one Kafka transaction, so {@code read_committed} consumers see all
 * of them or none. A transactional producer runs one transaction at a time, so a small pool of
 * them (each with its own {@code transactional.id}) lets a few batches commit side by side.
 *
 * <p>Any failure discards the producer instead of aborting: an abort would block for as long again
 * while the broker is gone. The next use re-initialises the same {@code transactional.id}, which
 * makes the coordinator abort whatever the failed transaction left open. A commit that timed out
 * is ambiguous (the coordinator may still complete it), exactly like a single append's 503: the
 * till re-posts the same ids and the projector counts them once.
 */
public class AtomicEventLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AtomicEventLog.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** One event to append: its topic, key (the store) and value. */
    public record Append(TopicSpec<?> topic, String key, SpecificRecord event) {
    }

    private final Map<String, Serializer<SpecificRecord>> serializers;
    private final Map<String, Object> producerConfig;
    private final Duration stepTimeout;
    private final BlockingQueue<Slot> slots;

    /**
     * @param instanceId  unique per running instance: two instances sharing a transactional.id would fence each other
     * @param producers   how many batches may commit concurrently
     * @param ackTimeout  the whole batch is answered within about this time, else 503
     */
    public AtomicEventLog(Map<String, ?> connection, Map<String, Serializer<SpecificRecord>> serializers,
                          Duration ackTimeout, String instanceId, int producers) {
        this.serializers = Map.copyOf(serializers);
        // Waiting for a producer, initTransactions, the first send (metadata) and commitTransaction
        // each block up to a quarter: together they stay within the ack timeout.
        long quarter = Math.max(500, ackTimeout.toMillis() / 4);
        this.stepTimeout = Duration.ofMillis(quarter);
        Map<String, Object> config = new HashMap<>(connection);
        config.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, quarter,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) quarter,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis() + 2_000,
                // A transaction left open by a discarded producer holds back read_committed consumers
                // until the coordinator aborts it; keep that short.
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000));
        this.producerConfig = Map.copyOf(config);
        this.slots = new ArrayBlockingQueue<>(producers);
        for (int i = 0; i < producers; i++) {
            slots.add(new Slot("pos-ingest-" + instanceId + "-" + i));
        }
    }

    /** Appends every event or none; returns once committed or throws {@link EventLogUnavailableException}. */
    public void appendAll(List<Append> appends) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(appends.size());
        for (Append a : appends) {
            String topic = a.topic().name();
            records.add(new ProducerRecord<>(topic, a.key(), Registry.serialize(serializers.get(topic), topic, a.event())));
        }
        Slot slot = borrow();
        try {
            slot.commit(records);
        } catch (RuntimeException e) {
            // Whatever broke (KafkaException, or IllegalStateException from a producer in a bad state), the
            // slot must not keep that producer, and nothing was acknowledged: the till retries.
            log.warn("Transaction of {} events on {} failed, discarding its producer: {}", records.size(),
                    slot.transactionalId, e.toString());
            slot.discard();
            throw new EventLogUnavailableException("The event log did not commit the batch", RETRY_AFTER, e);
        } finally {
            slots.add(slot);
        }
    }

    private Slot borrow() {
        try {
            Slot slot = slots.poll(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (slot == null) {
                throw new EventLogUnavailableException("Every transactional producer is busy", RETRY_AFTER, null);
            }
            return slot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException("Interrupted while waiting for a producer", Duration.ofSeconds(1), e);
        }
    }

    @Override
    public void close() {
        slots.forEach(Slot::discard);
    }

    /** A transactional.id and the producer currently holding it (null until first use or after a failure). */
    private final class Slot {
        private final String transactionalId;
        private Producer<String, byte[]> producer;

        Slot(String transactionalId) {
            this.transactionalId = transactionalId;
        }

        void commit(List<ProducerRecord<String, byte[]>> records) {
            if (producer == null) {
                Map<String, Object> config = new HashMap<>(producerConfig);
                config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
                config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
                producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
                producer.initTransactions();
            }
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : records) {
                Future<RecordMetadata> sent = producer.send(record);
                // A send that could not even get metadata has failed already; without this check every
                // further send of the batch would block max.block.ms again.
                if (sent.isDone()) {
                    failFast(sent);
                }
            }
            // Flushes the sends and fails if any of them failed, so nothing is committed partially.
            producer.commitTransaction();
        }

        private static void failFast(Future<RecordMetadata> sent) {
            try {
                sent.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while sending", e);
            }
        }

        void discard() {
            if (producer != null) {
                producer.close(Duration.ZERO);
                producer = null;
            }
        }
    }
}
