package io.tillstream.bench.centra;

import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The stores' tills and the webshop's shoppers, seeded: which size sells where, what arrives in a
 * delivery, which size a webshop order asks for. Holds the POS ledger (on-hand and per-key
 * sequence), as the stock projector would. Webshop orders are Centra's own business and never
 * touch this ledger, as Centra's guidance says.
 *
 * <p>Demand trends as fashion demand does: every 30 s a campaign or a post makes three other sizes
 * hot, and they take 60 % of the store sales and of the webshop orders, so they sell out in stores
 * while the webshop still sells them. The rest of the demand is spread over all sizes.
 */
final class StoreTraffic {

    /** A stock movement at a till or the back door, as stock.changes.v1 carries it. */
    record Movement(int store, int sku, long sequence, int delta, int onHandAfter, String reason) {
    }

    private record Delivery(long dueMillis, int store, int sku) {
    }

    static final int MAX_INITIAL = 10;
    static final int TRENDING = 3;
    static final double TRENDING_SHARE = 0.6;
    static final long TREND_MILLIS = 30_000;
    private static final double DELIVERY_CHANCE = 0.5;

    private final CentraParams params;
    private final int[][] onHand;
    private final long[][] sequence;
    private final Random sales;
    private final Random orders;
    private final Random deliveries;
    private final long startMillis;
    private final PriorityQueue<Delivery> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueMillis, b.dueMillis));
    private int walkOuts;

    StoreTraffic(CentraParams params, long startMillis) {
        this.params = params;
        this.startMillis = startMillis;
        Random initial = new Random(params.seed());
        this.onHand = new int[params.stores() + 1][params.skus()];
        this.sequence = new long[params.stores() + 1][params.skus()];
        for (int store = 1; store <= params.stores(); store++) {
            for (int sku = 0; sku < params.skus(); sku++) {
                onHand[store][sku] = initial.nextInt(MAX_INITIAL + 1);
            }
        }
        this.sales = new Random(params.seed() + 1);
        this.orders = new Random(params.seed() + 2);
        this.deliveries = new Random(params.seed() + 3);
    }

    int initial(int store, int sku) {
        return onHand[store][sku];
    }

    /** A shopper at a random store asks for a size; none when the store has none left (a walk-out). */
    Optional<Movement> sale(long nowMillis) {
        int store = 1 + sales.nextInt(params.stores());
        int sku = popularSku(sales, nowMillis);
        if (onHand[store][sku] == 0) {
            walkOuts++;
            return Optional.empty();
        }
        Movement sale = move(store, sku, -1, "SALE");
        if (sale.onHandAfter() == 0 && deliveries.nextDouble() < DELIVERY_CHANCE) {
            due.add(new Delivery(nowMillis + 20_000 + deliveries.nextInt(40_000), store, sku));
        }
        return Optional.of(sale);
    }

    /** A replenishment that has arrived by now, if any. */
    Optional<Movement> delivery(long nowMillis) {
        if (due.isEmpty() || due.peek().dueMillis > nowMillis) {
            return Optional.empty();
        }
        Delivery d = due.poll();
        return Optional.of(move(d.store, d.sku, 3 + deliveries.nextInt(3), "ADJUSTMENT:DELIVERY"));
    }

    /** The size a webshop order asks for. */
    int orderedSku(long nowMillis) {
        return popularSku(orders, nowMillis);
    }

    /** Which webshop market (each ships from its local store) an order comes from. */
    int orderedMarket() {
        return orders.nextInt(params.stores());
    }

    int walkOuts() {
        return walkOuts;
    }

    private Movement move(int store, int sku, int delta, String reason) {
        onHand[store][sku] += delta;
        return new Movement(store, sku, ++sequence[store][sku], delta, onHand[store][sku], reason);
    }

    private int popularSku(Random random, long nowMillis) {
        if (random.nextDouble() >= TRENDING_SHARE) {
            return random.nextInt(params.skus());
        }
        // The trending sizes of this period, the same for tills and webshop (and every run of the seed).
        long period = Math.max(0, nowMillis - startMillis) / TREND_MILLIS;
        Random trend = new Random(params.seed() * 31 + period);
        int pick = random.nextInt(TRENDING);
        int sku = 0;
        for (int i = 0; i <= pick; i++) {
            sku = trend.nextInt(params.skus());
        }
        return sku;
    }
}
