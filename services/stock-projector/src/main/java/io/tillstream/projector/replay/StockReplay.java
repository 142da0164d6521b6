package io.tillstream.projector.replay;

import io.tillstream.domain.ledger.LedgerFold;
import io.tillstream.domain.ledger.Position;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Rebuilds stock as of any instant from the event log, for analysts: a direct {@link LedgerFold}
 * of both event topics rather than a second Streams application, because a fold in event-time order
 * needs no state stores, no internal topics and no cleanup, and it is the definition the live
 * projection is tested against. Reads up to the log's end at start, read_committed.
 *
 * <pre>StockReplay &lt;bootstrap-servers&gt; &lt;schema-registry-url&gt; --as-of &lt;instant&gt;
 *             [--sku S] [--location L] [--out file.csv]</pre>
 */
public final class StockReplay {

    private static final List<String> TOPICS = List.of(Topics.POS_TRANSACTIONS.name(), Topics.STOCK_ADJUSTMENTS.name());

    private StockReplay() {
    }

    /** Reads every event up to the current end of the log; reports progress and throughput on {@code progress}. */
    public static LedgerFold read(String bootstrapServers, String registryUrl, PrintStream progress) {
        return read(bootstrapServers, registryUrl, event -> true, progress);
    }

    /** Reads up to the current end of the log, holding only the events {@code scope} keeps. */
    public static LedgerFold read(String bootstrapServers, String registryUrl, Predicate<SpecificRecord> scope,
                                  PrintStream progress) {
        return read(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), registryUrl, scope, progress);
    }

    /**
     * @param kafka the consumer's connection: bootstrap servers, and a secured cluster's client settings
     *              (the replay's own settings, read_committed and its batch size, are applied over them)
     */
    public static LedgerFold read(Map<String, Object> kafka, String registryUrl, Predicate<SpecificRecord> scope,
                                  PrintStream progress) {
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        Deserializer<PosTransaction> transactions =
                new ConfluentAvroSerde<PosTransaction>(registry, Topics.POS_TRANSACTIONS.valueSchema()).deserializer();
        Deserializer<SpecificRecord> adjustments =
                new ConfluentAvroSerde<SpecificRecord>(registry, Topics.STOCK_ADJUSTMENTS.valueSchema()).deserializer();
        Deserializer<SpecificRecord> events = (topic, data) -> topic.equals(Topics.POS_TRANSACTIONS.name())
                ? transactions.deserialize(topic, data) : adjustments.deserialize(topic, data);
        Map<String, Object> config = new java.util.HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        LedgerFold fold = new LedgerFold(scope);
        try (var consumer = new KafkaConsumer<String, SpecificRecord>(config, new StringDeserializer(), events)) {
            List<TopicPartition> partitions = new ArrayList<>();
            TOPICS.forEach(topic -> consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            // Progress in offsets, not events: transaction markers take offsets too, and the bar must reach 100 %.
            long total = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
            long started = System.nanoTime();
            long read = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && record.value() != null) {
                        fold.add(record.value());
                        read++;
                    }
                }
                long done = partitions.stream().mapToLong(p -> Math.min(consumer.position(p), end.get(p)) - begin.get(p)).sum();
                bar(progress, done, total);
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            progress.printf("%nReplayed %d events in %.1f s: %.0f events/s%n", read, seconds, read / seconds);
        }
        return fold;
    }

    /** Writes {@code locationId,sku,onHand,pendingInspection,asOf,lastCountedAt}, filtered when SKU or location is given. */
    public static void writeCsv(Map<String, Position> ledger, String sku, String location, Writer out) {
        PrintWriter csv = new PrintWriter(out);
        csv.println("locationId,sku,onHand,pendingInspection,asOf,lastCountedAt");
        ledger.forEach((key, p) -> {
            String[] parts = key.split("\\|", 2);
            if ((location == null || location.equals(parts[0])) && (sku == null || sku.equals(parts[1]))) {
                csv.printf("%s,%s,%d,%d,%s,%s%n", cell(parts[0]), cell(parts[1]), p.onHand(), p.pendingInspection(), p.asOf(),
                        p.lastCountedAt() == null ? "" : p.lastCountedAt());
            }
        });
        csv.flush();
    }

    /**
     * A text cell an analyst's spreadsheet opens as text: quoted (RFC 4180) when it holds a comma, quote or
     * line break, and a leading = + - @ or tab neutralised with an apostrophe, as OWASP advises against
     * CSV injection. The tills' SKUs are checked at the edge; events older than that check are not.
     */
    static String cell(String text) {
        String safe = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static void bar(PrintStream progress, long done, long total) {
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        progress.printf("\r[%-40s] %3d%% of the log", "#".repeat(percent * 40 / 100), percent);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || !"--as-of".equals(args[2])) {
            System.err.println("usage: StockReplay <bootstrap-servers> <schema-registry-url> --as-of <instant>"
                    + " [--sku S] [--location L] [--out file.csv]");
            System.exit(2);
        }
        Instant asOf = Instant.parse(args[3]);
        String sku = null;
        String location = null;
        Path out = null;
        for (int i = 4; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sku" -> sku = args[i + 1];
                case "--location" -> location = args[i + 1];
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        replay(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]), args[1], new ReplayScope(asOf, sku, location),
                out);
    }

    /** Stock as of the scope's instant, as CSV on stdout or in {@code out}; progress on stderr. */
    public static void replay(Map<String, Object> kafka, String registryUrl, ReplayScope scope, Path out)
            throws IOException {
        Map<String, Position> ledger = read(kafka, registryUrl, scope, System.err).asOf(scope.asOf());
        String sku = scope.sku();
        String location = scope.location();
        if (out == null) {
            writeCsv(ledger, sku, location, new PrintWriter(System.out));
        } else {
            try (Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                writeCsv(ledger, sku, location, file);
            }
        }
    }
}
