package io.tillstream.local.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.centra.sink.client.CentraException;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.StockCorrection;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./tillstream audit}: a full, read-only comparison of Centra with the ledger for every
 * mapped warehouse, found through the running pipeline's {@code endpoints.json}; {@code --repair}
 * asks the Centra sink to correct what differs.
 */
public final class AuditCommand {

    static final String USAGE = """
            usage: ./tillstream audit [--data-dir DIR] [--warehouse W] [--out report.csv] [--repair]
                                      [--centra-token-file F]
              Compares Centra's physical stock with the ledger for every mapped warehouse (or W), read-only:
              the ledger from Kafka (stock.levels.v1, stock.changes.v1, centra.sync-receipts.v1, to the
              offsets printed), Centra through its documented warehouses { stock } pages, paced to 10
              requests per 10 s. Sizes with changes still in flight to Centra are PENDING, not judged.
              --data-dir DIR          the running pipeline's data directory (default ./.tillstream)
              --warehouse W           one Centra warehouse id only
              --out FILE              a CSV with one row per size that is not a match
              --repair                write a correction per DRIFT, ONLY_LEDGER and ONLY_CENTRA row to
                                      centra.corrections.v1; the Centra sink applies each once within its
                                      budget; waits (up to 3 min) until it has journalled them
              --centra-token-file F   the Centra token (default DIR/centra-token, the simulator's)
            Exit status: 0 when Centra matches the ledger (or every difference was repaired), 1 when
            differences remain, 2 for a bad option.
            """;
    private static final String SINK = "centra-stock-sink";
    private static final int REQUESTS_PER_10S = 10;
    private static final Duration REPAIR_WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public AuditCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** @return the exit status */
    public int run(List<String> args) {
        Map<String, String> options = new HashMap<>();
        boolean repair = false;
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            switch (name) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--repair" -> repair = true;
                case "--data-dir", "--warehouse", "--out", "--centra-token-file" -> {
                    if (i + 1 >= args.size()) {
                        err.println("tillstream audit: " + name + " needs a value");
                        return 2;
                    }
                    options.put(name, args.get(++i));
                }
                default -> {
                    err.println("tillstream audit: unknown option " + name + " (see ./tillstream audit --help)");
                    return 2;
                }
            }
        }
        Integer warehouse;
        try {
            warehouse = options.containsKey("--warehouse") ? Integer.valueOf(options.get("--warehouse")) : null;
        } catch (NumberFormatException e) {
            err.println("tillstream audit: --warehouse must be a Centra warehouse id (a number), not "
                    + options.get("--warehouse"));
            return 2;
        }
        Path dataDir = Path.of(options.getOrDefault("--data-dir", ".tillstream"));
        Path endpointsFile = dataDir.resolve("endpoints.json");
        if (!Files.exists(endpointsFile)) {
            err.println("tillstream audit: no " + endpointsFile + "; start ./tillstream run first (or give --data-dir)");
            return 2;
        }
        Path tokenFile = Path.of(options.getOrDefault("--centra-token-file", dataDir.resolve("centra-token").toString()));
        if (!Files.isReadable(tokenFile)) {
            err.println("tillstream audit: cannot read the Centra token from " + tokenFile + " (give --centra-token-file)");
            return 2;
        }
        try {
            JsonNode endpoints = JSON.readTree(endpointsFile.toFile());
            return audit(endpoints, Files.readString(tokenFile).trim(), warehouse,
                    options.containsKey("--out") ? Path.of(options.get("--out")) : null, repair);
        } catch (IOException | CentraException | RuntimeException e) {
            err.println("tillstream audit: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int audit(JsonNode endpoints, String token, Integer warehouse, Path csv, boolean repair)
            throws IOException, CentraException, InterruptedException {
        Map<String, Object> kafka = Map.of("bootstrap.servers", endpoints.path("bootstrapServers").asText());
        SchemaRegistryClient registry = new SchemaRegistryClient(endpoints.path("schemaRegistry").asText());
        Map<String, Integer> mapping = mapping(endpoints);
        if (warehouse != null && !mapping.containsValue(warehouse)) {
            err.println("Note: no store location is mapped to warehouse " + warehouse);
        }
        out.println("Reading the ledger from Kafka ...");
        LedgerReader.Snapshot ledger = new LedgerReader(kafka, registry).read();
        Map<Integer, Map<String, Integer>> centra = new CentraStock(endpoints.path("centra").asText(), token,
                REQUESTS_PER_10S, clock).read(pages -> err.print("\rReading Centra's stock: " + pages + " page(s)"));
        err.println();
        List<AuditRow> rows = Audit.compare(ledger.ledger(), centra, mapping, warehouse);
        List<AuditRow> differences = rows.stream()
                .filter(r -> r.status() != AuditStatus.MATCH && r.status() != AuditStatus.PENDING).toList();
        printSummary(rows, differences, ledger.offsets(), mapping, warehouse);
        if (csv != null) {
            writeCsv(csv, rows.stream().filter(r -> r.status() != AuditStatus.MATCH).toList());
            out.println("Report: " + csv.toAbsolutePath());
        }
        if (!repair || differences.isEmpty()) {
            return differences.isEmpty() ? 0 : 1;
        }
        List<AuditRow> repairable = differences.stream().filter(r -> r.status().repairable()).toList();
        String auditId = "audit-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(clock.instant());
        writeCorrections(kafka, registry, auditId, repairable);
        boolean applied = awaitReceipts(kafka, registry, auditId, repairable.size());
        return applied && repairable.size() == differences.size() ? 0 : 1;
    }

    /** The sink's own mapping (from its connector config), else the stores of endpoints.json. */
    private Map<String, Integer> mapping(JsonNode endpoints) {
        Map<String, Integer> mapping = new HashMap<>();
        String connect = endpoints.path("connect").asText("");
        if (!connect.isBlank()) {
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(connect + "/connectors/" + SINK + "/config")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    for (String entry : JSON.readTree(response.body()).path("centra.warehouse.mapping").asText()
                            .split(",")) {
                        String[] parts = entry.trim().split(":");
                        if (parts.length == 2) {
                            mapping.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                err.println("Note: could not read the sink's mapping from Connect (" + e.getMessage()
                        + "); using endpoints.json");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (mapping.isEmpty()) {
            endpoints.path("stores").forEach(s -> mapping.put(s.path("storeId").asText(),
                    s.path("centraWarehouseId").asInt()));
        }
        return mapping;
    }

    private void printSummary(List<AuditRow> rows, List<AuditRow> differences, Map<String, Map<Integer, Long>> offsets,
                              Map<String, Integer> mapping, Integer warehouse) {
        Map<AuditStatus, Integer> counts = new EnumMap<>(AuditStatus.class);
        rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        out.println();
        out.printf("Audit of %s at %s%n", warehouse == null ? mapping.size() + " mapped warehouse(s)"
                : "warehouse " + warehouse, clock.instant());
        out.printf("  %-20s %8s%n", "status", "sizes");
        for (AuditStatus status : AuditStatus.values()) {
            if (counts.containsKey(status)) {
                out.printf("  %-20s %8d%n", status, counts.get(status));
            }
        }
        if (!differences.isEmpty()) {
            out.println();
            out.printf("  %-18s %9s %-8s %-24s %7s %7s  %s%n", "status", "warehouse", "location", "sku", "ledger",
                    "centra", "last confirmed push");
            differences.stream().limit(20).forEach(r -> out.printf("  %-18s %9s %-8s %-24s %7s %7s  %s%n", r.status(),
                    blank(r.warehouseId()), blank(r.locationId()), blank(r.sku()), blank(r.ledger()), blank(r.centra()),
                    r.lastMutation() == null ? "" : r.lastMutation() + " #" + r.lastSequence()));
            if (differences.size() > 20) {
                out.printf("  ... and %d more (--out writes them all)%n", differences.size() - 20);
            }
        }
        out.println();
        out.println("Ledger read at offsets " + offsets);
        out.println(differences.isEmpty() ? "Centra matches the ledger." : differences.size()
                + " size(s) differ: see docs/operations.md (Audit) for what each status means.");
    }

    private static String blank(Object value) {
        return value == null ? "" : value.toString();
    }

    private static void writeCsv(Path file, List<AuditRow> rows) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file);
             CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader("status", "warehouse_id",
                     "location_id", "sku", "ledger_on_hand", "centra_physical", "difference",
                     "last_confirmed_mutation", "last_confirmed_sequence", "last_causes").get())) {
            for (AuditRow r : rows) {
                csv.printRecord(r.status(), blank(r.warehouseId()), blank(r.locationId()), blank(r.sku()),
                        blank(r.ledger()), blank(r.centra()), r.difference(), blank(r.lastMutation()),
                        blank(r.lastSequence()), blank(r.causes()));
            }
        }
    }

    private void writeCorrections(Map<String, Object> kafka, SchemaRegistryClient registry, String auditId,
                                  List<AuditRow> rows) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, StockCorrection> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ConfluentAvroSerializer<>(registry, StockCorrection.getClassSchema()))) {
            Instant now = clock.instant();
            for (AuditRow r : rows) {
                StockCorrection correction = StockCorrection.newBuilder().setAuditId(auditId)
                        .setLocationId(r.locationId()).setSku(r.sku()).setWarehouseId(r.warehouseId())
                        .setDelta(r.difference()).setLedgerOnHand(r.ledger() == null ? 0 : r.ledger())
                        .setCentraPhysical(r.centra() == null ? 0 : r.centra()).setAt(now).build();
                producer.send(new ProducerRecord<>(Topics.CENTRA_CORRECTIONS.name(), r.locationId() + "|" + r.sku(),
                        correction));
            }
            producer.flush();
        }
        out.printf("%d correction(s) of %s written to %s; the Centra sink applies each once, within its budget%n",
                rows.size(), auditId, Topics.CENTRA_CORRECTIONS.name());
    }

    /** Waits until the sink journalled every correction of the audit (its receipts name the audit). */
    private boolean awaitReceipts(Map<String, Object> kafka, SchemaRegistryClient registry, String auditId,
                                  int expected) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "tillstream-audit-" + auditId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var deserializer = new io.tillstream.registry.serde.ConfluentAvroDeserializer<SyncReceipt>(registry,
                SyncReceipt.getClassSchema());
        String prefix = "tillstream:" + auditId + ":";
        Set<String> confirmed = new HashSet<>();
        long deadline = clock.millis() + REPAIR_WAIT.toMillis();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SYNC_RECEIPTS.name()));
            while (confirmed.size() < expected && clock.millis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    SyncReceipt receipt = r.value() == null ? null : deserializer.deserialize(r.topic(), r.value());
                    if (receipt != null && receipt.getMutationId().startsWith(prefix)) {
                        confirmed.add(receipt.getMutationId());
                    }
                });
                err.print("\rCorrections applied by the sink: " + confirmed.size() + "/" + expected);
            }
        }
        err.println();
        if (confirmed.size() < expected) {
            out.printf("%d of %d correction(s) journalled within %d min; the rest are queued in the sink or on its "
                    + "DLQ (reconciliation raises SYNC_FAILED for a refused one). Run the audit again later.%n",
                    confirmed.size(), expected, REPAIR_WAIT.toMinutes());
            return false;
        }
        out.println("Every correction is in Centra. Run ./tillstream audit again to confirm.");
        return true;
    }
}
