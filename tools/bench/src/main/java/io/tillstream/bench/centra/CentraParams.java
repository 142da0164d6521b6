package io.tillstream.bench.centra;

import java.time.Duration;

/**
 * The centra scenario's knobs, from {@code ./tillstream bench centra [--duration 600s] [--stores 50]
 * [--skus 2000] [--sales 6] [--orders 10] [--offline-stores 5] [--seed 7]}.
 *
 * @param duration     how long store sales and webshop orders run (the drain after it is extra)
 * @param stores       store warehouses, one per store
 * @param skus         sizes in the catalogue, every one stocked low in every store
 * @param salesPerSec  store sales per second, all stores together
 * @param ordersPerSec webshop orders per second
 * @param offlineStores stores whose tills go offline for the middle 30 % of the run, selling on and
 *                      sending their backlog when they come back
 * @param seed         seed of the traffic, so every run (and both schedulers) sees the same events
 */
record CentraParams(Duration duration, int stores, int skus, double salesPerSec, double ordersPerSec,
                    int offlineStores, long seed) {

    static CentraParams parse(String[] args) {
        // Oversells are rare: 180 s gave risk-first 2 to 9 of them per run, too few to tell two
        // schedulers apart. Ten minutes gives dozens to FIFO.
        Duration duration = Duration.ofSeconds(600);
        int stores = 50;
        int skus = 2_000;
        double sales = 6;
        double orders = 10;
        long seed = 7;
        Integer offline = null;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(value.replaceAll("s$", "")));
                case "--stores" -> stores = Integer.parseInt(value);
                case "--skus" -> skus = Integer.parseInt(value);
                case "--sales" -> sales = Double.parseDouble(value);
                case "--orders" -> orders = Double.parseDouble(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--offline-stores" -> offline = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]
                        + " (--duration 600s --stores 50 --skus 2000 --sales 6 --orders 10 --offline-stores 5 --seed 7)");
            }
        }
        if (stores < 1 || skus < 1 || sales <= 0 || orders < 0 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("stores, skus, sales and duration must be positive, orders >= 0");
        }
        int offlineStores = offline == null ? Math.max(1, stores / 10) : offline;
        if (offlineStores < 0 || offlineStores > stores) {
            throw new IllegalArgumentException("--offline-stores must be between 0 and --stores");
        }
        return new CentraParams(duration, stores, skus, sales, orders, offlineStores, seed);
    }

    /** Whether the store's tills are offline at this point of the run: the middle 30 %, for the first few stores. */
    boolean offline(int store, long elapsedMillis) {
        return store <= offlineStores && elapsedMillis >= offlineFrom().toMillis() && elapsedMillis < offlineUntil().toMillis();
    }

    Duration offlineFrom() {
        return duration.multipliedBy(40).dividedBy(100);
    }

    Duration offlineUntil() {
        return duration.multipliedBy(70).dividedBy(100);
    }

    static String storeId(int store) {
        return String.format("B%03d", store);
    }

    static String sku(int index) {
        return String.format("LOW-%04d-M", index);
    }
}
