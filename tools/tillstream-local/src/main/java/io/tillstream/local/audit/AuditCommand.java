package io.tillstream.local.audit;

import io.tillstream.centra.client.CentraException;
import io.tillstream.local.RunningPipeline;
import io.tillstream.local.cli.Checks;
import io.tillstream.local.corrections.CorrectionsTopic;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.StockCorrection;
import io.tillstream.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tillstream audit}: a full, read-only comparison of Centra with the ledger for every
 * mapped warehouse, found through the running pipeline's {@code endpoints.json}; {@code --repair}
 * asks the Centra sink to correct what differs.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares Centra's physical stock with the ledger for every mapped warehouse (or W), read-only:"
                + " the ledger from Kafka (stock.levels.v1, stock.changes.v1, centra.sync-receipts.v1, to the offsets"
                + " printed), Centra through its documented warehouses { stock } pages, paced to 10 requests per 10 s."
                + " Sizes with changes still in flight to Centra are PENDING, not judged.",
            "Exit status: 0 when Centra matches the ledger (or every difference was repaired), 1 when differences"
                + " remain, 2 for a bad option."})
public final class AuditCommand implements Callable<Integer> {

    private static final int REQUESTS_PER_10S = 10;
    private static final Duration REPAIR_WAIT = Duration.ofMinutes(3);
    /** Kafka Connect's consumer group of a sink connector: {@code connect-<name>}. */
    private static final String SINK_GROUP = "connect-" + RunningPipeline.SINK;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the running pipeline's data directory (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(".tillstream");

    @Option(names = "--warehouse", paramLabel = "W", description = "one Centra warehouse id only")
    Integer warehouse;

    @Option(names = "--out", paramLabel = "FILE", description = "a CSV with one row per size that is not a match")
    Path csv;

    @Option(names = "--repair", description = "write a correction per DRIFT, ONLY_LEDGER and ONLY_CENTRA row to"
            + " centra.corrections.v1; the Centra sink applies each once within its budget; waits (up to 3 min) until"
            + " it has journalled them")
    boolean repair;

    @Option(names = "--settled", description = "wait (up to 3 min) until no size is PENDING before judging: after an"
            + " incident, or a new store's opening stocktake, whose pushes may still be in flight")
    boolean settled;

    @Option(names = "--centra-token-file", paramLabel = "F", description = "the Centra token (default DIR/centra-token,"
            + " the simulator's)")
    Path tokenFile;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public AuditCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Path endpointsFile = dataDir.resolve("endpoints.json");
        if (!Files.exists(endpointsFile)) {
            throw Checks.refuse(spec, "no " + endpointsFile + "; start ./tillstream run first (or give --data-dir)");
        }
        Path token = tokenFile != null ? tokenFile : dataDir.resolve("centra-token");
        if (!Files.isReadable(token)) {
            throw Checks.refuse(spec, "cannot read the Centra token from " + token + " (give --centra-token-file)");
        }
        try {
            RunningPipeline pipeline = RunningPipeline.read(endpointsFile);
            return audit(pipeline, Files.readString(token).trim(), warehouse, csv, repair);
        } catch (IOException | CentraException | RuntimeException e) {
            err.println("tillstream audit: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int audit(RunningPipeline pipeline, String token, Integer warehouse, Path csv, boolean repair)
            throws IOException, CentraException, InterruptedException {
        Map<String, Object> kafka = pipeline.kafka();
        SchemaRegistryClient registry = pipeline.registry();
        Map<String, Integer> mapping = pipeline.sinkMapping(err);
        if (warehouse != null && !mapping.containsValue(warehouse)) {
            err.println("Note: no store location is mapped to warehouse " + warehouse);
        }
        out.println("Reading the ledger from Kafka ...");
        LedgerReader.Snapshot ledger = new LedgerReader(kafka, registry).read();
        Map<Integer, Map<String, Integer>> centra = new CentraStock(pipeline.centraUrl(), token,
                REQUESTS_PER_10S, clock).read(pages -> err.print("\rReading Centra's stock: " + pages + " page(s)"));
        err.println();
        List<AuditRow> rows = Audit.compare(ledger.ledger(), centra, mapping, warehouse);
        Instant settleBy = clock.instant().plus(REPAIR_WAIT);
        while (settled && rows.stream().anyMatch(r -> r.status() == AuditStatus.PENDING)
                && clock.instant().isBefore(settleBy)) {
            err.println(rows.stream().filter(r -> r.status() == AuditStatus.PENDING).count()
                    + " size(s) still in flight to Centra; reading again in 5 s ...");
            Thread.sleep(5_000);
            ledger = new LedgerReader(kafka, registry).read();
            centra = new CentraStock(pipeline.centraUrl(), token, REQUESTS_PER_10S, clock).read(pages -> { });
            rows = Audit.compare(ledger.ledger(), centra, mapping, warehouse);
        }
        if (rows.stream().anyMatch(r -> r.status().repairable())) {
            // The pipeline runs while it is audited: a change pushed between reading the ledger and
            // reading Centra looks like drift. Read both again; a difference counts only if it is
            // still there, on the same ledger sequence, the second time.
            err.println("Reading both sides again to confirm " + rows.stream().filter(r -> r.status().repairable())
                    .count() + " difference(s) ...");
            LedgerReader.Snapshot again = new LedgerReader(kafka, registry).read();
            Map<Integer, Map<String, Integer>> centraAgain = new CentraStock(pipeline.centraUrl(), token,
                    REQUESTS_PER_10S, clock).read(pages -> { });
            rows = Audit.confirm(rows, Audit.compare(again.ledger(), centraAgain, mapping, warehouse), ledger.ledger(),
                    again.ledger());
            ledger = again;
        }
        if (rows.stream().anyMatch(r -> r.status().repairable())) {
            rows = Audit.holdQueued(rows, new CorrectionsTopic(kafka, registry, clock).queued(SINK_GROUP));
        }
        // A warehouse no store stands for (the webshop's DC) is reported, not counted against Centra.
        List<AuditRow> differences = rows.stream().filter(r -> r.status() != AuditStatus.MATCH
                && r.status() != AuditStatus.PENDING && r.status() != AuditStatus.UNMAPPED_WAREHOUSE).toList();
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
        CorrectionsTopic corrections = new CorrectionsTopic(kafka, registry, clock);
        boolean applied = awaitReceipts(corrections, writeCorrections(corrections, auditId, repairable));
        return applied && repairable.size() == differences.size() ? 0 : 1;
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
        List<AuditRow> shown = rows.stream().filter(r -> r.status() == AuditStatus.UNMAPPED_WAREHOUSE).toList();
        if (!differences.isEmpty() || !shown.isEmpty()) {
            out.println();
            out.printf("  %-18s %9s %-8s %-24s %7s %7s  %s%n", "status", "warehouse", "location", "sku", "ledger",
                    "centra", "last confirmed push");
            java.util.stream.Stream.concat(differences.stream().limit(20), shown.stream()).forEach(r -> out.printf("  %-18s %9s %-8s %-24s %7s %7s  %s%n", r.status(),
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

    private List<StockCorrection> writeCorrections(CorrectionsTopic topic, String auditId, List<AuditRow> rows) {
        Instant now = clock.instant();
        List<StockCorrection> corrections = rows.stream().map(r -> StockCorrection.newBuilder().setAuditId(auditId)
                .setLocationId(r.locationId()).setSku(r.sku()).setWarehouseId(r.warehouseId())
                .setDelta(r.difference()).setLedgerOnHand(r.ledger() == null ? 0 : r.ledger())
                .setCentraPhysical(r.centra() == null ? 0 : r.centra()).setAt(now).build()).toList();
        topic.write(corrections, "AUDIT_REPAIR", auditId + " for warehouse(s) "
                + rows.stream().map(AuditRow::warehouseId).distinct().sorted().toList());
        out.printf("%d correction(s) of %s written to %s; the Centra sink applies each once, within its budget%n",
                rows.size(), auditId, Topics.CENTRA_CORRECTIONS.name());
        return corrections;
    }

    /** Waits until the sink journalled every correction of the audit (its receipts name the audit). */
    private boolean awaitReceipts(CorrectionsTopic topic, List<StockCorrection> corrections) {
        int expected = corrections.size();
        int journalled = topic.awaitJournalled(CorrectionsTopic.mutationIds(corrections), REPAIR_WAIT, err);
        if (journalled < expected) {
            out.printf("%d of %d correction(s) journalled within %d min; the rest are queued in the sink or on its "
                    + "DLQ (reconciliation raises SYNC_FAILED for a refused one). Run the audit again later.%n",
                    journalled, expected, REPAIR_WAIT.toMinutes());
            return false;
        }
        out.println("Every correction is in Centra. Run ./tillstream audit again to confirm.");
        return true;
    }
}
