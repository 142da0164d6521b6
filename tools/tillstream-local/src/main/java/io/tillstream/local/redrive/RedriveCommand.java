package io.tillstream.local.redrive;

import io.tillstream.domain.sync.Rejection;
import io.tillstream.local.RunningPipeline;
import io.tillstream.local.cli.Checks;
import io.tillstream.local.corrections.CorrectionsTopic;
import io.tillstream.local.kafka.TopicToEnd;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockCorrection;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Topics;
import io.tillstream.service.audit.AuditTrail;
import io.tillstream.service.streams.DeadLetterReason;
import io.tillstream.service.streams.DeadLetters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tillstream redrive --from TOPIC [--reason R]}: sends parked records on once their cause
 * is fixed, each once.
 * <ul>
 *   <li>{@code stock.changes.v1.dlq} (the Centra sink's): each parked change becomes a correction
 *       of its delta, described by the dead letter's position, so the sink applies it once however
 *       often it is re-driven, and whatever the sink pushed for that size since. Changes refused
 *       as SIZE_REFUSED are never re-driven: the sink pushes those sizes' whole ledger stock itself
 *       once Centra knows them, and a re-drive would count them twice.</li>
 *   <li>a Streams DLQ ({@code pos.transactions.v1.dlq}, ...): the original records go back to the
 *       topic they came from, once per source position (a record both services set aside is on the
 *       DLQ twice), in one transaction with this tool's consumer-group offsets, so a run that is cut
 *       short and started again sends nothing twice; the services count an event id once anyway.</li>
 * </ul>
 */
@Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends parked records on, each once, after their cause was fixed (a store mapped to its Centra"
                + " warehouse, a registry back): --from stock.changes.v1.dlq re-drives the Centra sink's parked changes"
                + " as corrections it applies once; --from <topic>.dlq of a Streams service puts the records back on"
                + " <topic>.",
            "Exit status: 0 when every selected record was re-driven (and, for the sink's, applied), 1 otherwise, 2"
                + " for a bad option."})
public final class RedriveCommand implements Callable<Integer> {

    private static final String SINK_REASON_HEADER = "__connect.errors.exception.message";
    private static final Duration APPLY_WAIT = Duration.ofMinutes(3);

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "TOPIC", description = "a dead-letter topic (ends in .dlq)")
    String from;

    @Option(names = "--reason", paramLabel = "R", description = "only records set aside for R: for the sink's DLQ a"
            + " rejection code (UNMAPPED_LOCATION, CORRECTION_REFUSED, ...), for a Streams DLQ a dead-letter reason"
            + " (NOT_AVRO, SCHEMA_UNKNOWN, UNREADABLE)")
    String reason;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the running pipeline's data directory (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(".tillstream");

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public RedriveCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (!from.endsWith(".dlq")) {
            throw Checks.refuse(spec, "--from must name a dead-letter topic (ending in .dlq), e.g. "
                    + Topics.STOCK_CHANGES_DLQ.name());
        }
        boolean sink = from.equals(Topics.STOCK_CHANGES_DLQ.name());
        List<String> reasons = (sink ? Arrays.stream(Rejection.values()) : Arrays.stream(DeadLetterReason.values()))
                .map(Enum::name).toList();
        if (reason != null && !reasons.contains(reason)) {
            throw Checks.refuse(spec, "--reason " + reason + " is unknown: the records of " + from + " are set aside for one of "
                    + String.join(", ", reasons));
        }
        Path endpoints = dataDir.resolve("endpoints.json");
        if (!Files.exists(endpoints)) {
            throw Checks.refuse(spec, "no " + endpoints + "; start ./tillstream run first (or give --data-dir)");
        }
        try {
            RunningPipeline pipeline = RunningPipeline.read(endpoints);
            return sink
                    ? sinkChanges(pipeline, reason)
                    : streamsRecords(pipeline, from, reason);
        } catch (IOException | RuntimeException e) {
            err.println("tillstream redrive: " + e.getMessage());
            return 1;
        }
    }

    private int sinkChanges(RunningPipeline pipeline, String reason) {
        Map<String, Object> kafka = pipeline.kafka();
        SchemaRegistryClient registry = pipeline.registry();
        Map<String, Integer> mapping = pipeline.sinkMapping(err);
        Map<String, Integer> onHand = new HashMap<>();
        var levels = new ConfluentAvroDeserializer<StockLevel>(registry, StockLevel.getClassSchema());
        TopicToEnd.read(kafka, Topics.STOCK_LEVELS.name(), r -> {
            StockLevel level = levels.deserialize(r.topic(), r.value());
            onHand.put(level.getLocationId() + "|" + level.getSku(), level.getOnHand());
        });
        var changes = new ConfluentAvroDeserializer<StockChange>(registry, StockChange.getClassSchema());
        List<StockCorrection> corrections = new ArrayList<>();
        int sizeRefused = 0;
        int unmapped = 0;
        int other = 0;
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        TopicToEnd.read(kafka, Topics.STOCK_CHANGES_DLQ.name(), dead::add);
        for (ConsumerRecord<String, byte[]> r : dead) {
            Optional<Rejection> rejection = Rejection.of(header(r, SINK_REASON_HEADER));
            if (rejection.orElse(null) == Rejection.SIZE_REFUSED) {
                sizeRefused++;
                continue;
            }
            if (reason != null && !rejection.map(Enum::name).orElse("").equals(reason)) {
                other++;
                continue;
            }
            StockChange change;
            try {
                change = changes.deserialize(Topics.STOCK_CHANGES.name(), r.value());
            } catch (RuntimeException notAChange) {
                other++; // a correction the sink refused (its own reason says what to do), not a store's change
                continue;
            }
            Integer warehouse = mapping.get(change.getLocationId());
            if (warehouse == null) {
                unmapped++;
                continue;
            }
            corrections.add(StockCorrection.newBuilder()
                    .setAuditId("redrive-" + r.partition() + "-" + r.offset())
                    .setLocationId(change.getLocationId()).setSku(change.getSku()).setWarehouseId(warehouse)
                    .setDelta(change.getDelta())
                    .setLedgerOnHand(onHand.getOrDefault(change.getLocationId() + "|" + change.getSku(),
                            change.getOnHandAfter()))
                    .setCentraPhysical(0).setAt(clock.instant()).setSequence(change.getSequence()).build());
        }
        CorrectionsTopic topic = new CorrectionsTopic(kafka, registry, clock);
        if (!corrections.isEmpty()) {
            topic.write(corrections, "REDRIVE", "parked changes of " + Topics.STOCK_CHANGES_DLQ.name()
                    + (reason == null ? "" : " naming " + reason));
        }
        out.printf("Re-drove %d parked change(s) of %s as corrections for the Centra sink%n", corrections.size(),
                Topics.STOCK_CHANGES_DLQ.name());
        if (sizeRefused > 0) {
            out.printf("Left %d SIZE_REFUSED: the sink pushes those sizes' ledger stock itself once Centra knows them%n",
                    sizeRefused);
        }
        if (unmapped > 0) {
            out.printf("Left %d whose location the sink still maps to no warehouse: map it first%n", unmapped);
        }
        if (other > 0) {
            out.printf("Left %d %s%n", other, reason == null ? "that are not a store's change (refused corrections)"
                    : "whose error does not name " + reason + " or that are not a store's change");
        }
        if (corrections.isEmpty()) {
            return unmapped == 0 ? 0 : 1;
        }
        int applied = topic.awaitJournalled(CorrectionsTopic.mutationIds(corrections), APPLY_WAIT, err);
        out.printf("%d of %d applied in Centra%n", applied, corrections.size());
        return applied >= corrections.size() && unmapped == 0 ? 0 : 1;
    }

    /** Puts a Streams DLQ's records back on their source topics, in one transaction with this tool's offsets. */
    private int streamsRecords(RunningPipeline pipeline, String from, String reason) {
        String group = "tillstream-redrive." + from + (reason == null ? "" : "." + reason);
        Map<String, Object> consumerConfig = new HashMap<>(pipeline.kafka());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> producerConfig = new HashMap<>(pipeline.kafka());
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
        int sent = 0;
        int skipped = 0;
        java.util.Set<String> sentFrom = new java.util.HashSet<>();
        boolean reachedEnd = true;
        String runId = UUID.randomUUID().toString();
        try (AuditTrail audit = new AuditTrail(pipeline.kafka(), pipeline.registry(), "tillstream-cli", clock);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            producer.initTransactions();
            List<TopicPartition> partitions = consumer.partitionsFor(from, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(from, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.subscribe(List.of(from));
            long deadline = clock.millis() + Duration.ofMinutes(2).toMillis();
            while (partitions.stream().anyMatch(tp -> position(consumer, tp) < end.get(tp))) {
                if (clock.millis() >= deadline) {
                    reachedEnd = false;
                    break;
                }
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                int sentBefore = sent;
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    String source = header(r, DeadLetters.TOPIC_HEADER);
                    if (source.isEmpty() || reason != null && !header(r, DeadLetters.REASON_HEADER).equals(reason)) {
                        skipped++;
                        continue;
                    }
                    // Both services read the source topics: a record neither could read is on the DLQ
                    // twice, once per service, and goes back once.
                    if (!sentFrom.add(source + "/" + header(r, DeadLetters.PARTITION_HEADER) + "/"
                            + header(r, DeadLetters.OFFSET_HEADER))) {
                        continue;
                    }
                    producer.send(new ProducerRecord<>(source, null, r.timestamp(),
                            r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value(),
                            originalHeaders(r)));
                    sent++;
                }
                if (sent > sentBefore) {
                    // who sent these back, in the same transaction as the records themselves
                    var entry = audit.record(audit.entry("cli:" + System.getProperty("user.name"), null, "REDRIVE",
                            from, (sent - sentBefore) + " record(s) back to their source topics"
                                    + (reason == null ? "" : ", those naming " + reason), runId));
                    producer.send(new ProducerRecord<>(entry.topic(), entry.key().getBytes(StandardCharsets.UTF_8),
                            entry.value()));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
        out.printf("Re-drove %d record(s) of %s to their source topics%s%n", sent, from,
                skipped > 0 ? "; left " + skipped + (reason == null ? " without a source topic" : " not naming " + reason)
                        : "");
        if (!reachedEnd) {
            out.println("Stopped before the end of " + from + " (2 min); run it again to go on where it stopped");
            return 1;
        }
        return 0;
    }

    private static long position(KafkaConsumer<String, byte[]> consumer, TopicPartition tp) {
        return consumer.assignment().contains(tp) ? consumer.position(tp) : -1;
    }

    /** The record's own headers, without those the dead-lettering added. */
    private static List<Header> originalHeaders(ConsumerRecord<String, byte[]> r) {
        List<Header> headers = new ArrayList<>();
        r.headers().forEach(h -> {
            if (!h.key().startsWith("__streams.errors.") && !h.key().startsWith("tillstream.errors.")) {
                headers.add(h);
            }
        });
        return headers;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

}
