package io.tillstream.service.audit;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.AuditEntry;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.Caller;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a human action's own records and its {@link AuditEntry} to {@code audit.v1} in one Kafka
 * transaction: read_committed readers (the Streams services, the feeds) see both or neither, so there
 * is no action without its entry and no entry for an action that did not happen.
 *
 * <p>Human-paced, so one producer serves a whole service, one transaction at a time. A failed or
 * timed-out commit is never taken as done: the producer is replaced under the same transactional id,
 * which settles whatever the old one left open (aborted, or committed if the commit had already
 * reached the coordinator), and the caller is told it is unknown and to retry. Retrying is safe: the
 * records an action writes are keyed (a settlement, an acknowledgement, a token by name), so a
 * repeat replaces rather than adds, and the audit trail then shows both attempts.
 */
public final class AuditTrail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final Duration BLOCK = Duration.ofSeconds(20);

    private final Map<String, Object> producerConfig;
    private final ConfluentAvroSerializer<AuditEntry> entries;
    private final String service;
    private final Clock clock;
    private KafkaProducer<String, byte[]> producer;

    /**
     * @param kafkaClient bootstrap servers and security, as every client of the service gets them
     * @param service     names the writer in each entry (reconciliation, tillstream-cli, ...)
     */
    public AuditTrail(Map<String, Object> kafkaClient, SchemaRegistryClient registry, String service, Clock clock) {
        // what a tool's own transaction needs from it (record()) is ready without any producer
        this.producerConfig = new HashMap<>(kafkaClient);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // unique per process: several instances of a service each own one, and none fences another
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tillstream-audit-" + service + "-" + UUID.randomUUID());
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BLOCK.toMillis());
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "audit-" + service);
        this.entries = new ConfluentAvroSerializer<>(registry, Topics.AUDIT.valueSchema());
        this.service = service;
        this.clock = clock;
    }

    /** An entry for an action taken through the API with a token. */
    public AuditEntry entry(Caller caller, String action, String target, String detail, String requestId) {
        return entry(caller.name(), caller.role().name(), action, target, detail, requestId);
    }

    /** An entry for an action taken by a command ({@code actor} e.g. {@code cli:alice}). */
    public AuditEntry entry(String actor, String role, String action, String target, String detail, String requestId) {
        return AuditEntry.newBuilder().setId(UUID.randomUUID().toString()).setAt(clock.instant()).setActor(actor)
                .setRole(role).setAction(action).setTarget(target).setDetail(detail).setRequestId(requestId)
                .setService(service).build();
    }

    /**
     * Writes {@code records} and {@code entry} atomically.
     *
     * @throws KafkaException when the commit was not confirmed (it may or may not have happened); safe to retry
     */
    public synchronized void commit(List<ProducerRecord<String, byte[]>> records, AuditEntry entry) {
        KafkaProducer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            for (ProducerRecord<String, byte[]> record : records) {
                p.send(record);
            }
            p.send(record(entry));
            p.commitTransaction();
        } catch (KafkaException e) {
            discard(p, e);
            throw e instanceof TimeoutException
                    ? new KafkaException("Not confirmed within " + BLOCK.toSeconds() + " s: it may or may not have been "
                            + "written; retry", e)
                    : e;
        }
    }

    /** The entry as a record of {@code audit.v1}, for a tool that writes it within a transaction of its own. */
    public ProducerRecord<String, byte[]> record(AuditEntry entry) {
        return new ProducerRecord<>(Topics.AUDIT.name(), entry.getRequestId(), entries.serialize(Topics.AUDIT.name(), entry));
    }

    /** A producer of the same transactional id aborts this one's open transaction when it initialises. */
    private void discard(KafkaProducer<String, byte[]> p, KafkaException cause) {
        log.warn("Audit transaction for {} failed ({}); replacing the producer", service, cause.toString());
        producer = null;
        p.close(Duration.ZERO);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new ByteArraySerializer());
            try {
                p.initTransactions();
            } catch (KafkaException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        entries.close();
    }
}
