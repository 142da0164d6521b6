package io.tillstream.service.streams;

import io.tillstream.registry.client.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Streams application does with a record it cannot read.
 * <ul>
 *   <li>The schema registry could not answer (unreachable, 429, 5xx): the record is fine, so it is
 *       not set aside. The stream thread fails and is replaced, and reads it again from the last
 *       commit; a global table's thread failing stops the application (its supervisor restarts it).</li>
 *   <li>A topic with a dead-letter topic ({@value #TOPICS_CONFIG}): the record goes to
 *       {@code <topic>.dlq} and the application goes on (Kafka Streams' default, log and fail, would stop
 *       every task on one bad record; skipping would lose it). Original key, value and headers, plus
 *       headers naming the error and its {@link DeadLetterReason}, the source position and the
 *       application; written in the same exactly-once transaction as the task's output, stamped with
 *       the time it was set aside (the DLQ's 30 days run from then), the source record's time in a
 *       header.</li>
 *   <li>A global table's topic: logged and skipped. Its thread has no producer to write a dead
 *       letter with, and failing would stop the application for a record it can live without.</li>
 *   <li>Any other topic (an internal repartition topic, which only this application writes): the
 *       thread fails. A record of ours we cannot read is a defect to see, not to step over.</li>
 * </ul>
 * Kafka Streams' own dead-letter support names one topic per application; the contract names one per
 * source topic, so the records are built here (with Kafka Streams' header names).
 */
public final class DeadLetters implements DeserializationExceptionHandler {

    /** Comma-separated source topics that have a {@code <topic>.dlq}. */
    public static final String TOPICS_CONFIG = "tillstream.dead-letters.topics";
    /** Comma-separated topics read into global tables; see {@link #configure(Properties, Topology, Collection)}. */
    public static final String GLOBAL_TOPICS_CONFIG = "tillstream.dead-letters.global-topics";
    public static final String SUFFIX = ".dlq";
    public static final String EXCEPTION_HEADER = "__streams.errors.exception";
    public static final String MESSAGE_HEADER = "__streams.errors.message";
    public static final String TOPIC_HEADER = "__streams.errors.topic";
    public static final String PARTITION_HEADER = "__streams.errors.partition";
    public static final String OFFSET_HEADER = "__streams.errors.offset";
    public static final String APPLICATION_HEADER = "tillstream.errors.application.id";
    public static final String TIMESTAMP_HEADER = "tillstream.errors.source.timestamp";
    /** A {@link DeadLetterReason}: why the record was set aside. */
    public static final String REASON_HEADER = "tillstream.errors.reason";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    /** Before a thread fails on an unreachable registry: its replacement would otherwise retry at once. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private String applicationId = "";
    private Set<String> deadLetterTopics = Set.of();
    private Set<String> globalTopics = Set.of();

    /**
     * Sets this handler for an application: which of its source topics have a dead-letter topic, and
     * which it reads into global tables (from the topology, so a new global table cannot be missed).
     */
    public static Properties configure(Properties properties, Topology topology, Collection<String> withDeadLetterTopic) {
        Set<String> global = topology.describe().globalStores().stream()
                .flatMap(store -> store.source().topicSet().stream()).collect(Collectors.toSet());
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class);
        properties.put(TOPICS_CONFIG, String.join(",", withDeadLetterTopic));
        properties.put(GLOBAL_TOPICS_CONFIG, String.join(",", global));
        return properties;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        applicationId = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
        deadLetterTopics = topics(configs.get(TOPICS_CONFIG));
        globalTopics = topics(configs.get(GLOBAL_TOPICS_CONFIG));
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        // The position and the error, never the payload: a record may carry what a log must not.
        String where = record.topic() + " at partition " + record.partition() + " offset " + record.offset();
        if (registryUnavailable(exception)) {
            log.warn("Could not read {}: the schema registry is unavailable ({}); reading it again", where,
                    exception.getMessage());
            pause();
            return Response.fail();
        }
        if (deadLetterTopics.contains(record.topic())) {
            String deadLetterTopic = record.topic() + SUFFIX;
            log.warn("Unreadable record of {} sent to {}: {}", where, deadLetterTopic, exception.toString());
            return Response.resume(List.of(deadLetter(deadLetterTopic, record, exception)));
        }
        if (globalTopics.contains(record.topic())) {
            log.error("Skipped an unreadable record of the global table's topic {}: {}", where, exception.toString());
            return Response.resume();
        }
        log.error("Unreadable record of {}, which has no dead-letter topic: {}", where, exception.toString());
        return Response.fail();
    }

    private ProducerRecord<byte[], byte[]> deadLetter(String topic, ConsumerRecord<byte[], byte[]> record,
                                                      Exception exception) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        header(headers, EXCEPTION_HEADER, exception.getClass().getName());
        if (exception.getMessage() != null) {
            header(headers, MESSAGE_HEADER, exception.getMessage());
        }
        header(headers, TOPIC_HEADER, record.topic());
        header(headers, PARTITION_HEADER, Integer.toString(record.partition()));
        header(headers, OFFSET_HEADER, Long.toString(record.offset()));
        header(headers, APPLICATION_HEADER, applicationId);
        header(headers, TIMESTAMP_HEADER, Long.toString(record.timestamp()));
        header(headers, REASON_HEADER, DeadLetterReason.of(exception).name());
        // no timestamp: the producer stamps the time it was set aside
        return new ProducerRecord<>(topic, null, null, record.key(), record.value(), headers);
    }

    private static boolean registryUnavailable(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                return registry.isRetriable();
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> topics(Object value) {
        return value == null ? Set.of() : Arrays.stream(value.toString().split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
