package io.tillstream.service.errors;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record a Streams application cannot read goes to {@code <source topic>.dlq} and the application
 * goes on: the original key and value bytes and headers, plus headers naming the error, the source
 * position and the application. Kafka Streams' default (log and fail) would stop every task of the
 * application on one bad record; skipping silently would lose it. The dead-letter record is written in
 * the same exactly-once transaction as the task's output, so it is neither lost nor doubled.
 * <p>
 * Kafka Streams' own dead-letter support names one topic per application; the contract names one per
 * source topic, so the records are built here (with Kafka Streams' header names).
 * A global table's records cannot be dead-lettered (the global thread has no producer): those topics are
 * listed in {@value #GLOBAL_TOPICS_CONFIG}, and a bad record there is logged and skipped.
 */
public final class DeadLetters implements DeserializationExceptionHandler {

    /** Comma-separated topics read into global tables. */
    public static final String GLOBAL_TOPICS_CONFIG = "tillstream.dead-letters.global-topics";
    public static final String SUFFIX = ".dlq";
    public static final String EXCEPTION_HEADER = "__streams.errors.exception";
    public static final String MESSAGE_HEADER = "__streams.errors.message";
    public static final String TOPIC_HEADER = "__streams.errors.topic";
    public static final String PARTITION_HEADER = "__streams.errors.partition";
    public static final String OFFSET_HEADER = "__streams.errors.offset";
    public static final String APPLICATION_HEADER = "tillstream.errors.application.id";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private String applicationId = "";
    private Set<String> globalTopics = Set.of();

    @Override
    public void configure(Map<String, ?> configs) {
        applicationId = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
        Object global = configs.get(GLOBAL_TOPICS_CONFIG);
        globalTopics = global == null ? Set.of() : Arrays.stream(global.toString().split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        // The position and the error, never the payload: a record may carry what a log must not.
        if (globalTopics.contains(record.topic())) {
            log.error("Skipped an unreadable record of the global topic {} at partition {} offset {}: {}",
                    record.topic(), record.partition(), record.offset(), exception.toString());
            return Response.resume();
        }
        String deadLetterTopic = record.topic() + SUFFIX;
        log.warn("Unreadable record of {} at partition {} offset {} sent to {}: {}", record.topic(),
                record.partition(), record.offset(), deadLetterTopic, exception.toString());
        return Response.resume(List.of(deadLetter(deadLetterTopic, record, exception)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(String topic, ConsumerRecord<byte[], byte[]> record,
                                                      Exception exception) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        header(headers, EXCEPTION_HEADER, exception.getClass().getName());
        header(headers, MESSAGE_HEADER, String.valueOf(exception.getMessage()));
        header(headers, TOPIC_HEADER, record.topic());
        header(headers, PARTITION_HEADER, Integer.toString(record.partition()));
        header(headers, OFFSET_HEADER, Long.toString(record.offset()));
        header(headers, APPLICATION_HEADER, applicationId);
        return new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value(), headers);
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
