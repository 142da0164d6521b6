package io.tillstream.local.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.local.cluster.Cluster;
import io.tillstream.local.cluster.ClusterPlan.Kind;
import io.tillstream.local.sample.SampleStore;
import io.tillstream.local.secure.Confinement;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tillstream chaos}: the cluster under random SIGKILLs while tills post, then every
 * acknowledged event checked against the pipeline, and the recovery of each fault measured.
 */
final class ChaosRun {

    /**
     * @param duration how long faults keep coming after the first round of one of each kind
     */
    record Settings(Path root, Path dataDir, int portBase, int stores, double rate, Duration duration, long seed,
                    Duration minQuiet, Duration maxQuiet, Duration minDown, Duration maxDown, boolean secure) {
    }

    /** One fault, measured. */
    record Measured(FaultPlan.Fault fault, List<String> killed, long killedAt, long healthyAt, long killedAtMillis,
                    long healthyAtMillis) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RECOVERY_BOUND = Duration.ofMinutes(4);
    private static final Duration CONVERGENCE_BOUND = Duration.ofMinutes(5);
    private static final Duration STABLE_FOR = Duration.ofSeconds(10);
    /** Exceptions raised by the faults themselves (CONNECTOR_FAILED) resolve on the watch's next checks. */
    private static final Duration EXCEPTIONS_CLEAR_WITHIN = Duration.ofSeconds(90);

    private final Settings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private String apiToken;
    private final List<String> failures = new ArrayList<>();

    ChaosRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** @return whether nothing was lost or doubled */
    boolean run() throws InterruptedException {
        out.println("Starting the cluster for chaos in " + settings.dataDir().toAbsolutePath() + " ...");
        try (Cluster cluster = Cluster.start(settings.root(), settings.dataDir(), settings.portBase(), settings.stores(),
                settings.secure(), out)) {
            return run(cluster);
        }
    }

    private boolean run(Cluster cluster) throws InterruptedException {
        // the integration team's token: it may read both the stock and the exceptions
        apiToken = cluster.token(Role.INTEGRATION);
        String probeSku = cluster.catalog().skus().get(0).sku();
        awaitOpeningStock(cluster);
        out.printf("Cluster up (%d processes, %d MiB resident); tills post %.1f events/s; faults for %s (seed %d)%n",
                cluster.running(), cluster.rssMib(), settings.rate(), settings.duration(), settings.seed());
        List<Measured> faults = new ArrayList<>();
        try (ChaosTills tills = new ChaosTills(cluster.urls(Kind.INGEST), cluster.stores(), cluster.catalog(),
                settings.seed());
             Probes probes = new Probes(cluster.urls(Kind.PROJECTOR), probeSku, cluster.token(Role.STOCK_READER))) {
            probes.start();
            tills.start(settings.rate());
            FaultPlan plan = new FaultPlan(settings.seed(), settings.minQuiet(), settings.maxQuiet(),
                    settings.minDown(), settings.maxDown());
            long deadline = System.nanoTime() + settings.duration().toNanos();
            List<FaultPlan.Fault> queue = new ArrayList<>(plan.singles());
            while (!queue.isEmpty() || System.nanoTime() < deadline) {
                FaultPlan.Fault fault = queue.isEmpty() ? plan.next() : queue.remove(0);
                faults.add(inject(cluster, plan, fault));
            }
            Thread.sleep(settings.maxQuiet().toMillis()); // the last fault's aftermath, measured too
            long end = System.nanoTime();
            tills.stopGenerating();
            awaitAcknowledged(tills);
            Map<String, Map<String, Integer>> expected = tills.expected();
            converge(cluster, expected);
            PipelineRecord record = PipelineRecord.read(cluster.kafkaClient(),
                    new SchemaRegistryClient(cluster.urls(Kind.REGISTRY).get(0)));
            checkEachEventOnce(tills.sent(), record);
            checkSequences(record);
            checkExceptions(cluster);
            if (settings.secure()) {
                out.println("The brokers and the registry hold each service to its grants:");
                failures.addAll(Confinement.check(cluster.bootstrapServers(), cluster.urls(Kind.REGISTRY).get(0),
                        cluster.secrets(), out));
            }
            report(faults, tills, probes, end, record.confirmedAt());
        }
        return failures.isEmpty();
    }

    /** The opening stocktakes are folded before the first sale, or the model's counts would not be the ledger's. */
    private void awaitOpeningStock(Cluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        String sku = cluster.catalog().skus().get(0).sku();
        while (System.nanoTime() < deadline) {
            Map<String, Integer> onHand = projection(cluster, sku);
            if (onHand != null && cluster.stores().stream().allMatch(s -> onHand.containsKey(s.storeId()))) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("The opening stocktakes did not reach the projection within " + RECOVERY_BOUND);
    }

    private Measured inject(Cluster cluster, FaultPlan plan, FaultPlan.Fault fault) throws InterruptedException {
        Thread.sleep(fault.quietFor().toMillis());
        List<String> killed = new ArrayList<>();
        for (Kind kind : fault.kinds()) {
            List<String> names = cluster.names(kind);
            killed.add(names.get(plan.pick(names.size())));
        }
        long killedAt = System.nanoTime();
        long killedAtMillis = System.currentTimeMillis();
        killed.forEach(cluster::kill);
        out.printf("  kill -9 %s; down for %.0f s ...", String.join(", ", killed), fault.downFor().toMillis() / 1000.0);
        Thread.sleep(fault.downFor().toMillis());
        killed.forEach(cluster::restart);
        long bound = System.nanoTime() + RECOVERY_BOUND.toNanos();
        while (!killed.stream().allMatch(cluster::healthy)) {
            if (System.nanoTime() > bound) {
                failures.add(killed + " did not answer its health check within " + RECOVERY_BOUND + " of its restart");
                break;
            }
            Thread.sleep(250);
        }
        long healthyAt = System.nanoTime();
        out.printf(" healthy %.1f s after the kill%n", (healthyAt - killedAt) / 1e9);
        return new Measured(fault, killed, killedAt, healthyAt, killedAtMillis, System.currentTimeMillis());
    }

    private void awaitAcknowledged(ChaosTills tills) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGENCE_BOUND.toNanos();
        while (tills.unacknowledged() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        if (tills.unacknowledged() > 0) {
            failures.add(tills.unacknowledged() + " events were never acknowledged by pos-ingest within "
                    + CONVERGENCE_BOUND);
        }
    }

    /** Every store × SKU, in the projection and in Centra, as the tills' own record says. */
    private void converge(Cluster cluster, Map<String, Map<String, Integer>> expected) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + CONVERGENCE_BOUND.toNanos();
        List<String> differences = List.of("not compared yet");
        long equalSince = 0;
        while (System.nanoTime() < deadline) {
            differences = differences(cluster, expected);
            if (differences.isEmpty() && equalSince == 0) {
                equalSince = System.nanoTime();
                out.printf("Projection and Centra equal the tills' record %.1f s after the last event%n",
                        (equalSince - started) / 1e9);
            } else if (!differences.isEmpty()) {
                equalSince = 0; // a late double would show here
            }
            // Equal twice, 10 s apart: a doubled event still on its way would land within that.
            if (equalSince != 0 && System.nanoTime() - equalSince >= STABLE_FOR.toNanos()) {
                return;
            }
            Thread.sleep(2000);
        }
        failures.add(differences.size() + " store × SKU differ from the tills' record after " + CONVERGENCE_BOUND
                + ", e.g. " + differences.subList(0, Math.min(5, differences.size())));
    }

    private List<String> differences(Cluster cluster, Map<String, Map<String, Integer>> expected) {
        List<String> differences = new ArrayList<>();
        Map<Integer, String> storeOfWarehouse = new HashMap<>();
        cluster.stores().forEach(s -> storeOfWarehouse.put(s.centraWarehouseId(), s.storeId()));
        Map<String, Integer> centra = new HashMap<>();
        try {
            for (JsonNode row : JSON.readTree(get(cluster.centraUrl() + "/_sim/stock").body())) {
                String store = storeOfWarehouse.get(row.path("warehouseId").asInt());
                if (store != null) {
                    centra.put(store + "|" + row.path("sku").asText(), row.path("physical").asInt());
                }
            }
        } catch (IOException e) {
            return List.of("Centra unreadable: " + e.getMessage());
        }
        for (var sku : cluster.catalog().skus()) {
            Map<String, Integer> projected = projection(cluster, sku.sku());
            for (SampleStore store : cluster.stores()) {
                int want = expected.get(store.storeId()).getOrDefault(sku.sku(), 0);
                Integer got = projected == null ? null : projected.get(store.storeId());
                Integer inCentra = centra.get(store.storeId() + "|" + sku.sku());
                if (got == null || got != want || inCentra == null || inCentra != want) {
                    differences.add(store.storeId() + "|" + sku.sku() + " tills " + want + ", projection " + got
                            + ", Centra " + inCentra);
                }
            }
        }
        return differences;
    }

    /** locationId → on hand of one SKU, from whichever projector answers; null when none does. */
    private Map<String, Integer> projection(Cluster cluster, String sku) {
        for (String projector : cluster.urls(Kind.PROJECTOR)) {
            try {
                HttpResponse<String> response = get(projector + "/v1/stock/" + sku);
                if (response.statusCode() == 200) {
                    Map<String, Integer> onHand = new HashMap<>();
                    for (JsonNode location : JSON.readTree(response.body()).path("locations")) {
                        onHand.put(location.path("locationId").asText(), location.path("onHand").asInt());
                    }
                    return onHand;
                }
            } catch (IOException e) {
                // the other one may answer
            }
        }
        return null;
    }

    /**
     * Every acknowledged event applied by exactly one stock change: a net count could hide a lost sale
     * and a doubled one of the same size; an id counts them apart.
     */
    private void checkEachEventOnce(List<ChaosTills.Sent> sent, PipelineRecord record) {
        List<String> lost = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        for (ChaosTills.Sent event : sent) {
            int applied = record.applied().getOrDefault(event.id(), 0);
            if (applied == 0) {
                lost.add(event.id());
            } else if (applied > 1) {
                doubled.add(event.id() + " x" + applied);
            }
        }
        if (!lost.isEmpty() || !doubled.isEmpty()) {
            failures.add("events by id in stock.changes.v1: " + lost.size() + " never applied " + lost.subList(0,
                    Math.min(5, lost.size())) + ", " + doubled.size() + " applied more than once " + doubled.subList(0,
                    Math.min(5, doubled.size())));
        } else {
            out.printf("stock.changes.v1: each of the %d events applied by exactly one change%n", sent.size());
        }
    }

    /** Per location × SKU the stock changes are numbered 1, 2, 3 …: a gap is a lost change, a repeat a doubled one. */
    private void checkSequences(PipelineRecord record) {
        List<String> gaps = record.gaps();
        List<String> repeats = record.repeats();
        if (!repeats.isEmpty() || !gaps.isEmpty()) {
            failures.add("stock.changes.v1 sequences: " + repeats.size() + " repeated " + repeats.subList(0,
                    Math.min(5, repeats.size())) + ", " + gaps.size() + " with gaps " + gaps.subList(0,
                    Math.min(5, gaps.size())));
        } else {
            out.printf("stock.changes.v1: %d keys, every sequence 1..n without gap or repeat%n",
                    record.sequences().size());
        }
    }

    /**
     * The tills send nothing an owner must act on: an exception still open once the faults' own
     * (CONNECTOR_FAILED while a worker was down) had time to resolve is unexpected.
     */
    private void checkExceptions(Cluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + EXCEPTIONS_CLEAR_WITHIN.toNanos();
        List<String> open = null;
        while (true) {
            open = openExceptions(cluster);
            if ((open != null && open.isEmpty()) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(2000);
        }
        if (open == null) {
            failures.add("no reconciliation instance answered for the open exceptions");
        } else if (!open.isEmpty()) {
            failures.add(open.size() + " open exceptions: " + open.subList(0, Math.min(5, open.size())));
        } else {
            out.println("No exception open");
        }
    }

    /** Null when no instance answers. */
    private List<String> openExceptions(Cluster cluster) {
        for (String url : cluster.urls(Kind.RECONCILIATION)) {
            try {
                HttpResponse<String> response = get(url + "/v1/exceptions?status=OPEN");
                if (response.statusCode() == 200) {
                    List<String> open = new ArrayList<>();
                    JSON.readTree(response.body()).forEach(e -> open.add(e.path("type").asText() + " "
                            + e.path("id").asText() + ": " + e.path("actual").asText()));
                    return open;
                }
            } catch (IOException e) {
                // the other instance may answer
            }
        }
        return null;
    }

    private void report(List<Measured> faults, ChaosTills tills, Probes probes, long end,
                        Map<String, Long> confirmedAt) {
        List<ChaosTills.Sent> sent = tills.sent();
        out.printf("%nTills: %d events sent, each acknowledged once it reached pos-ingest; %d posts in all (%d sent"
                + " again after no acknowledgement)%n", sent.size(), tills.attempts(), tills.attempts() - sent.size());
        out.println();
        out.printf("%-26s %-40s %9s %10s %16s %11s%n", "fault", "killed", "healthy s", "no stock s",
                "Centra caught up", "till p99 ms");
        for (int i = 0; i < faults.size(); i++) {
            Measured m = faults.get(i);
            long until = i + 1 < faults.size() ? faults.get(i + 1).killedAt() : end;
            out.printf("%-26s %-40s %9.1f %10.1f %16s %11d%n", m.fault().label(), String.join(", ", m.killed()),
                    (m.healthyAt() - m.killedAt()) / 1e9, probes.secondsWithoutStock(m.killedAt(), until),
                    caughtUp(m, sent, confirmedAt), p99(sent, m.killedAt(), m.healthyAt()));
        }
        out.println("  healthy s: from the kill until every killed process answered its health check again");
        out.println("  no stock s: seconds in which no projector answered /v1/stock, from the kill to the next fault");
        out.println("  Centra caught up: seconds from the kill until Centra had confirmed every event acknowledged while"
                + " the fault lasted (sink receipts)");
        out.println("  till p99: acknowledgement time of the events first sent while the fault lasted, retries included");
        out.println();
        if (failures.isEmpty()) {
            out.println("PASS: every acknowledged event applied by exactly one stock change, gap-free per size; the"
                    + " projection and Centra equal the tills' record; no exception open.");
        } else {
            failures.forEach(f -> out.println("FAIL: " + f));
        }
    }

    private static String caughtUp(Measured m, List<ChaosTills.Sent> sent, Map<String, Long> confirmedAt) {
        long last = 0;
        for (ChaosTills.Sent s : sent) {
            if (s.acked() && s.ackedMillis() >= m.killedAtMillis() && s.ackedMillis() <= m.healthyAtMillis()) {
                Long at = confirmedAt.get(s.id());
                if (at == null) {
                    return "never";
                }
                last = Math.max(last, at);
            }
        }
        return last == 0 ? "-" : String.format("%.1f s", (last - m.killedAtMillis()) / 1000.0);
    }

    private static long p99(List<ChaosTills.Sent> sent, long from, long to) {
        List<Long> latencies = sent.stream().filter(s -> s.acked() && s.firstSentNanos() >= from
                        && s.firstSentNanos() <= to).map(s -> (s.ackedNanos() - s.firstSentNanos()) / 1_000_000)
                .sorted().toList();
        return latencies.isEmpty() ? 0 : latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
    }

    private HttpResponse<String> get(String url) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + apiToken).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
