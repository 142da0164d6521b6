package io.tillstream.bench.centra;

import io.tillstream.centra.simulator.model.CatalogSpec;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scenario centra: store sales and webshop orders against three simulated Centra tenants side by
 * side, each on the Growth tier with its own budget, each fed by the real Centra sink connector in
 * a Connect worker on the in-process broker: one with the risk-first scheduler, one with plain FIFO,
 * and one with risk-first and the offline hold-back. Every store movement and every webshop order
 * goes to all of them at the same moment, so they see identical traffic under identical machine
 * load; the simulators count oversells.
 *
 * <p>A few stores go offline for the middle 30 % of the run: their tills sell on (the simulators
 * are told at once, so an order for a unit already sold counts as an oversell) and send their
 * backlog when they come back. STORE_SILENT is written for them, as reconciliation would, after
 * {@link #SILENCE_AFTER} (reconciliation's default is an hour: the run compresses the day), and
 * resolved when they send again; only the hold-back tenant's sink reads it.
 */
public final class CentraScenario {

    private static final Duration SILENCE_AFTER = Duration.ofSeconds(20);
    private static final String EXCEPTIONS_TOPIC = "bench.centra.exceptions";
    private static final int AT_RISK_UNITS = 2;
    private static final Duration MAX_DRAIN = Duration.ofSeconds(60);
    private static final Duration PROGRESS = Duration.ofSeconds(30);

    private CentraScenario() {
    }

    public static void run(String bootstrap, String registryUrl, Path work, String[] args) throws Exception {
        CentraParams params = CentraParams.parse(args);
        System.out.printf("%nScenario centra: %d store warehouses, %,d low-stock SKUs (0-%d units per store), "
                        + "%.1f store sales/s, %.1f webshop orders/s (one market per store, shipping from it), "
                        + "%d s, seed %d%n  demand: %d trending sizes take %.0f %% of sales and orders, "
                        + "changing every %d s; half of the sell-outs get a delivery 20-60 s later%n",
                params.stores(), params.skus(), StoreTraffic.MAX_INITIAL, params.salesPerSec(), params.ordersPerSec(),
                params.duration().toSeconds(), params.seed(), StoreTraffic.TRENDING, StoreTraffic.TRENDING_SHARE * 100,
                StoreTraffic.TREND_MILLIS / 1_000);
        // The catalogue's stock is drawn from the seed alone; the traffic's clock starts when the sinks run.
        StoreTraffic traffic = new StoreTraffic(params, 0);
        System.out.printf("  Growth tier (20 mutations/10 s, 1,800/h) per tenant, all of it for the sink "
                + "(centra.budget.share=1.0); three tenants side by side, each with its own budget,%n"
                + "  every store movement and webshop order sent to all; real sink connectors in one Connect worker%n"
                + "  offline: %d store(s) from %d s to %d s, selling on, STORE_SILENT after %d s (hold-back tenant only)%n",
                params.offlineStores(), params.offlineFrom().toSeconds(), params.offlineUntil().toSeconds(),
                SILENCE_AFTER.toSeconds());
        CatalogSpec catalog = catalog(params, traffic);
        Map<String, Integer> warehouses = new LinkedHashMap<>();
        IntStream.rangeClosed(1, params.stores()).forEach(s -> warehouses.put(CentraParams.storeId(s), s));

        List<CentraTenant> tenants = new ArrayList<>();
        try (SinkWorker worker = SinkWorker.start(bootstrap, registryUrl, work)) {
            createTopic(bootstrap, new NewTopic(EXCEPTIONS_TOPIC, 1, (short) 1));
            for (CentraTenant tenant : List.of(CentraTenant.start("risk-first", "risk-first", false, catalog),
                    CentraTenant.start("fifo", "fifo", false, catalog),
                    CentraTenant.start("hold-back", "risk-first", true, catalog))) {
                tenants.add(tenant);
                createTopics(bootstrap, tenant);
                worker.startSink(tenant, warehouses, EXCEPTIONS_TOPIC);
            }
            awaitSinksAssigned(bootstrap, tenants);
            traffic = new StoreTraffic(params, System.currentTimeMillis());
            Offline offline = new Offline(params, System.currentTimeMillis(), registryUrl, EXCEPTIONS_TOPIC,
                    SILENCE_AFTER, tenants);
            List<Freshness.Sent> sent = drive(params, traffic, tenants, bootstrap, registryUrl, offline);
            report(params, sent, tenants, bootstrap, registryUrl, traffic, offline);
        } finally {
            tenants.forEach(CentraTenant::close);
        }
    }

    private static List<Freshness.Sent> drive(CentraParams params, StoreTraffic traffic, List<CentraTenant> tenants,
                                              String bootstrap, String registryUrl, Offline offline) throws Exception {
        var serializer = new ConfluentAvroSerializer<StockChange>(new SchemaRegistryClient(registryUrl),
                Topics.STOCK_CHANGES.valueSchema());
        List<Freshness.Sent> sent = new ArrayList<>();
        Random clock = new Random(params.seed() + 4); // Poisson arrivals, seeded like the rest
        long start = System.currentTimeMillis();
        long end = start + params.duration().toMillis();
        double nextSale = start;
        double nextOrder = start;
        long nextProgress = start + PROGRESS.toMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            while (true) {
                long now = System.currentTimeMillis();
                if (now >= end) {
                    break;
                }
                offline.tick(now, producer, m -> sent.add(publish(m, System.currentTimeMillis(), tenants, producer,
                        serializer)));
                if (now >= nextProgress) {
                    nextProgress += PROGRESS.toMillis();
                    progress(now - start, sent.size(), tenants);
                }
                var delivery = traffic.delivery(now);
                if (delivery.isPresent()) {
                    move(delivery.get(), now, tenants, offline, m -> sent.add(publish(m, now, tenants, producer, serializer)));
                    continue;
                }
                if (nextSale <= now) {
                    nextSale += exponential(clock, params.salesPerSec());
                    traffic.sale(now).ifPresent(m -> move(m, now, tenants, offline,
                            sale -> sent.add(publish(sale, now, tenants, producer, serializer))));
                    continue;
                }
                if (params.ordersPerSec() > 0 && nextOrder <= now) {
                    nextOrder += exponential(clock, params.ordersPerSec());
                    String market = "WEB-" + CentraParams.storeId(1 + traffic.orderedMarket());
                    String sku = CentraParams.sku(traffic.orderedSku(now));
                    tenants.forEach(t -> t.order(market, sku));
                    continue;
                }
                long wait = (long) Math.min(nextSale, params.ordersPerSec() > 0 ? nextOrder : Double.MAX_VALUE) - now;
                TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(wait, 50)));
            }
        }
        return sent;
    }

    private static void progress(long elapsedMillis, int movements, List<CentraTenant> tenants) {
        StringBuilder line = new StringBuilder(String.format("  %3d s: %,d store movements; oversells so far",
                elapsedMillis / 1_000, movements));
        tenants.forEach(t -> line.append(' ').append(t.name).append(' ').append(t.outcome().oversells()));
        System.out.println(line);
    }

    /**
     * A movement happens on the shelf: every simulator is told at once (so oversells are judged
     * fairly), the sinks when the store's tills are online (else with its backlog later).
     */
    private static void move(StoreTraffic.Movement m, long now, List<CentraTenant> tenants, Offline offline,
                             java.util.function.Consumer<StoreTraffic.Movement> send) {
        String sku = CentraParams.sku(m.sku());
        tenants.forEach(t -> t.storeMovement(m.store(), sku, m.delta()));
        if (!offline.queued(m, now)) {
            send.accept(m);
        }
    }

    /** Sends a movement to every sink; the simulators know of it already. */
    private static Freshness.Sent publish(StoreTraffic.Movement m, long now, List<CentraTenant> tenants,
                                          KafkaProducer<String, byte[]> producer,
                                          ConfluentAvroSerializer<StockChange> serializer) {
        String store = CentraParams.storeId(m.store());
        String sku = CentraParams.sku(m.sku());
        StockChange change = StockChange.newBuilder().setLocationId(store).setSku(sku).setSequence(m.sequence())
                .setDelta(m.delta()).setOnHandAfter(m.onHandAfter()).setReason(m.reason())
                .setCauseEventIds(List.of(store + "-" + sku + "-" + m.sequence()))
                .setOccurredAt(Instant.ofEpochMilli(now)).build();
        for (CentraTenant tenant : tenants) {
            producer.send(new ProducerRecord<>(tenant.changesTopic(), store + "|" + sku,
                    serializer.serialize(tenant.changesTopic(), change)));
        }
        return new Freshness.Sent(store + "|" + sku, m.sequence(), now, m.delta(), m.onHandAfter());
    }

    private static void report(CentraParams params, List<Freshness.Sent> sent, List<CentraTenant> tenants,
                               String bootstrap, String registryUrl, StoreTraffic traffic, Offline offline)
            throws Exception {
        long sales = sent.stream().filter(s -> s.delta() < 0).count();
        long atRisk = sent.stream().filter(s -> s.delta() < 0 && s.onHandAfter() <= AT_RISK_UNITS).count();
        System.out.printf("  traffic: %,d store sales (%,d left a size at <= %d units, %,d walk-outs on empty shelves), "
                        + "%,d deliveries%n", sales, atRisk, AT_RISK_UNITS, traffic.walkOuts(), sent.size() - sales);
        long drainStart = System.currentTimeMillis();
        Map<String, Freshness.Figures> figures = new LinkedHashMap<>();
        for (CentraTenant tenant : tenants) {
            Freshness.Figures f;
            do {
                TimeUnit.SECONDS.sleep(2);
                f = Freshness.measure(sent, Freshness.confirmed(bootstrap, registryUrl, tenant.receiptsTopic()),
                        System.currentTimeMillis(), AT_RISK_UNITS);
            } while (f.unconfirmed() > 0 && System.currentTimeMillis() - drainStart < MAX_DRAIN.toMillis());
            figures.put(tenant.name, f);
        }
        System.out.printf("  %-10s  %9s  %13s  %13s  %16s  %9s  %8s  %8s  %s%n", "tenant", "mutations",
                "freshness p50", "freshness p99", "at-risk p99", "oversells", "units", "accepted",
                "not in Centra at end");
        Map<String, CentraTenant.Outcome> outcomes = new LinkedHashMap<>();
        for (CentraTenant tenant : tenants) {
            CentraTenant.Outcome o = tenant.outcome();
            outcomes.put(tenant.name, o);
            Freshness.Figures f = figures.get(tenant.name);
            System.out.printf("  %-10s  %9d  %11.1f s  %11.1f s  %14.1f s  %9d  %8d  %8d  %d (%d netted out)%n",
                    tenant.name, o.mutations(), f.p50Ms() / 1e3, f.p99Ms() / 1e3, f.atRiskP99Ms() / 1e3,
                    o.oversells(), o.oversoldUnits(), o.ordersAccepted(), f.unconfirmed(), f.netted());
        }
        double budget = 20 + 2.0 * (params.duration().toSeconds() + (System.currentTimeMillis() - drainStart) / 1e3);
        System.out.printf("  Centra's Growth limit over the run and drain: %.0f mutations per tenant (20 at once, then 2/s); "
                + "the sink keeps to a sliding 20 per 10 s%n", budget);
        Freshness.Figures risk = figures.get("risk-first");
        int riskOversells = outcomes.get("risk-first").oversells();
        int fifoOversells = outcomes.get("fifo").oversells();
        String ratio = riskOversells == 0 ? (fifoOversells == 0 ? "n/a (no oversells at all)" : "inf (risk-first 0)")
                : String.format("%.1f", (double) fifoOversells / riskOversells);
        double[] interval = ratioInterval(fifoOversells, riskOversells);
        boolean ratioMet = fifoOversells > 0 && fifoOversells >= 5.0 * riskOversells;
        System.out.printf("  oversells fifo / risk-first = %s (target >= 5: %s; 90 %% interval %.1f-%s from the counts alone, "
                        + "a longer --duration narrows it); at-risk p99 freshness risk-first %.1f s (target <= 10 s: %s)%n",
                ratio, ratioMet ? "met" : "NOT met", interval[0],
                Double.isInfinite(interval[1]) ? "inf" : String.format("%.1f", interval[1]), risk.atRiskP99Ms() / 1e3,
                risk.atRiskP99Ms() <= 10_000 ? "met" : "NOT met");
        // Both risk-first: they differ only in the hold-back, and it acts only while stores are offline.
        CentraTenant.Outcome without = offline.during("risk-first");
        CentraTenant.Outcome with = offline.during("hold-back");
        double[] heldInterval = ratioInterval(without.oversells(), with.oversells());
        System.out.printf("  offline hold-back, from the stores going offline until %d s after their backlog (%d s-%d s), "
                        + "risk-first both: oversells %d without, %d with (units %d, %d; 90 %% interval of without / with "
                        + "%.1f-%s); webshop orders accepted %d without, %d with (%+d: the price of the hold)%n",
                Offline.AFTER_BACKLOG.toSeconds(), params.offlineFrom().toSeconds(),
                params.offlineUntil().plus(Offline.AFTER_BACKLOG).toSeconds(), without.oversells(), with.oversells(),
                without.oversoldUnits(), with.oversoldUnits(), heldInterval[0],
                Double.isInfinite(heldInterval[1]) ? "inf" : String.format("%.1f", heldInterval[1]), without.ordersAccepted(),
                with.ordersAccepted(), with.ordersAccepted() - without.ordersAccepted());
    }

    /** One warehouse and one webshop market per store: a market ships from its local store only. */
    private static CatalogSpec catalog(CentraParams params, StoreTraffic traffic) {
        List<CatalogSpec.WarehouseSpec> warehouses = IntStream.rangeClosed(1, params.stores())
                .mapToObj(s -> new CatalogSpec.WarehouseSpec(s, "Store " + CentraParams.storeId(s))).toList();
        List<CatalogSpec.MarketSpec> marketSpecs = IntStream.rangeClosed(1, params.stores()).mapToObj(s ->
                new CatalogSpec.MarketSpec(s, "WEB-" + CentraParams.storeId(s), List.of(s))).toList();
        List<CatalogSpec.ProductSpec> products = IntStream.range(0, params.skus()).mapToObj(i ->
                new CatalogSpec.ProductSpec(String.format("LOW-%04d", i), "Low-stock " + i, List.of(
                        new CatalogSpec.VariantSpec("V", "Default", List.of(
                                new CatalogSpec.SizeSpec("M", CentraParams.sku(i), null, null)))))).toList();
        List<CatalogSpec.StockSpec> stock = new ArrayList<>();
        for (int s = 1; s <= params.stores(); s++) {
            for (int i = 0; i < params.skus(); i++) {
                stock.add(new CatalogSpec.StockSpec(s, CentraParams.sku(i), traffic.initial(s, i), null));
            }
        }
        return new CatalogSpec(warehouses, marketSpecs, products, stock);
    }

    private static void createTopic(String bootstrap, NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(topic)).all().get();
        }
    }

    private static void createTopics(String bootstrap, CentraTenant tenant) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(tenant.changesTopic(), 3, (short) 1),
                    // Not compacted, unlike production: freshness needs every receipt, not the latest per size.
                    new NewTopic(tenant.receiptsTopic(), 3, (short) 1),
                    new NewTopic(tenant.changesTopic() + ".dlq", 1, (short) 1))).all().get();
        }
    }

    /** Traffic starts only once both sink tasks own their partitions, so neither starts late. */
    private static void awaitSinksAssigned(String bootstrap, List<CentraTenant> tenants) throws Exception {
        List<String> groups = tenants.stream().map(t -> "connect-" + SinkWorker.connectorName(t)).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.nanoTime() < deadline) {
                try {
                    var described = admin.describeConsumerGroups(groups).all().get();
                    if (described.values().stream().allMatch(g -> g.members().stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size()).sum() > 0)) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    // a sink task has not joined yet: its group does not exist until it does
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException("The sink tasks did not join their consumer groups within 60 s");
    }

    /**
     * How far the oversell ratio could be off by chance: oversells are rare, so two counts of a
     * few dozen say less than their ratio suggests. Given n oversells in all, risk-first's share of
     * them is binomial; a Wilson score interval for that share (90 %) bounds fifo / risk-first.
     */
    static double[] ratioInterval(int fifo, int risk) {
        int n = fifo + risk;
        if (n == 0) {
            return new double[] {0, Double.POSITIVE_INFINITY};
        }
        double z = 1.645;
        double share = (double) risk / n;
        double centre = (share + z * z / (2 * n)) / (1 + z * z / n);
        double half = z / (1 + z * z / n) * Math.sqrt(share * (1 - share) / n + z * z / (4.0 * n * n));
        double low = Math.max(0, centre - half);
        double high = Math.min(1, centre + half);
        return new double[] {(1 - high) / high, risk == 0 ? Double.POSITIVE_INFINITY : (1 - low) / low};
    }

    private static double exponential(Random random, double perSecond) {
        return -Math.log(1 - random.nextDouble()) * 1_000 / perSecond;
    }
}
