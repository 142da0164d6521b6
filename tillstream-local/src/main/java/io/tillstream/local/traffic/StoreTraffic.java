package io.tillstream.local.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillstream.local.sample.SampleCatalog;
import io.tillstream.local.sample.SampleStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated tills and a webshop: realistic store traffic over the real HTTP front door (sales,
 * returns with each disposition, exchanges, deliveries and shrinkage, an unknown SKU now and then)
 * and webshop orders allocating stock in Centra.
 */
public final class StoreTraffic implements AutoCloseable {

    private static final BigDecimal VAT_SHARE = new BigDecimal("0.2").divide(new BigDecimal("1.2"), 10, RoundingMode.HALF_UP);
    private static final String[] DISPOSITIONS = {"RESTOCK", "RESTOCK", "INSPECT", "WRITE_OFF"};

    private final String ingestUrl;
    private final String centraSimUrl;
    private final List<SampleStore> stores;
    private final SampleCatalog catalog;
    private final Random random = new Random();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "store-traffic");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private long sequence;

    /** @param centraSimUrl the simulator for webshop orders, or null against a real Centra */
    public StoreTraffic(String ingestUrl, String centraSimUrl, List<SampleStore> stores, SampleCatalog catalog) {
        this.ingestUrl = ingestUrl;
        this.centraSimUrl = centraSimUrl;
        this.stores = stores;
        this.catalog = catalog;
    }

    public void start(double perSecond) {
        long periodMicros = Math.max(1, (long) (1_000_000 / perSecond));
        scheduler.scheduleAtFixedRate(this::tick, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void tick() {
        SampleStore store = stores.get(random.nextInt(stores.size()));
        String id = store.storeId() + "-T0" + (1 + random.nextInt(3)) + "-" + System.currentTimeMillis() % 100_000_000
                + "-" + (sequence++);
        int roll = random.nextInt(100);
        if (roll < 78) {
            post(store, "/v1/transactions", transaction(store, id, "SALE", sale(1 + random.nextInt(3), false)));
        } else if (roll < 86) {
            post(store, "/v1/transactions", transaction(store, id, "RETURN", returned()));
        } else if (roll < 91) {
            ArrayNode lines = returned();
            lines.addAll(sale(1, false));
            post(store, "/v1/transactions", transaction(store, id, "EXCHANGE", lines));
        } else if (roll < 96) {
            post(store, "/v1/stock-adjustments", adjustment(store, id));
        } else if (roll < 98) {
            post(store, "/v1/transactions", transaction(store, id, "SALE", sale(1, true)));
        }
        if (centraSimUrl != null && random.nextInt(3) == 0) {
            webshopOrder();
        }
    }

    private ObjectNode transaction(SampleStore store, String id, String type, ArrayNode lines) {
        ObjectNode t = json.createObjectNode().put("transactionId", id).put("storeId", store.storeId())
                .put("tillId", id.split("-")[1]).put("type", type).put("occurredAt", Instant.now().toString())
                .put("currency", "GBP");
        t.set("lines", lines);
        BigDecimal total = BigDecimal.ZERO;
        for (var line : lines) {
            total = total.add(new BigDecimal(line.get("unitPrice").asText())
                    .multiply(BigDecimal.valueOf(line.get("quantity").asInt()))
                    .subtract(new BigDecimal(line.get("discount").asText())));
        }
        ArrayNode tenders = t.putArray("tenders");
        if (total.signum() != 0) {
            tenders.addObject().put("method", random.nextInt(4) == 0 ? "CASH" : "CARD")
                    .put("amount", total.setScale(2, RoundingMode.UNNECESSARY).toPlainString())
                    .put("reference", "auth-" + random.nextInt(1_000_000));
        }
        return t;
    }

    private ArrayNode sale(int lineCount, boolean unknownSku) {
        ArrayNode lines = json.createArrayNode();
        for (int i = 0; i < lineCount; i++) {
            SampleCatalog.Sku sku = catalog.skus().get(random.nextInt(catalog.skus().size()));
            int quantity = 1 + (random.nextInt(5) == 0 ? 1 : 0);
            BigDecimal discount = random.nextInt(5) == 0 ? sku.price().multiply(new BigDecimal("0.10")) : BigDecimal.ZERO;
            line(lines, unknownSku ? "CAS-GHOST-UNK-" + (1 + random.nextInt(3)) : sku.sku(), quantity, sku.price(), discount);
        }
        return lines;
    }

    private ArrayNode returned() {
        ArrayNode lines = json.createArrayNode();
        SampleCatalog.Sku sku = catalog.skus().get(random.nextInt(catalog.skus().size()));
        line(lines, sku.sku(), -1, sku.price(), BigDecimal.ZERO)
                .put("returnDisposition", DISPOSITIONS[random.nextInt(DISPOSITIONS.length)]);
        return lines;
    }

    private static ObjectNode line(ArrayNode lines, String sku, int quantity, BigDecimal price, BigDecimal discount) {
        BigDecimal total = price.multiply(BigDecimal.valueOf(quantity)).subtract(discount);
        return lines.addObject().put("sku", sku).put("quantity", quantity)
                .put("unitPrice", price.setScale(2, RoundingMode.UNNECESSARY).toPlainString())
                .put("discount", discount.setScale(2, RoundingMode.HALF_UP).toPlainString())
                .put("tax", total.multiply(VAT_SHARE).setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    private ObjectNode adjustment(SampleStore store, String id) {
        boolean delivery = random.nextBoolean();
        ObjectNode a = json.createObjectNode().put("adjustmentId", id).put("storeId", store.storeId())
                .put("occurredAt", Instant.now().toString()).put("reason", delivery ? "RECEIVED" : "SHRINKAGE");
        a.putArray("lines").addObject()
                .put("sku", catalog.skus().get(random.nextInt(catalog.skus().size())).sku())
                .put("quantity", delivery ? 6 : -1);
        return a;
    }

    private void webshopOrder() {
        ObjectNode order = json.createObjectNode().put("market", SampleCatalog.MARKET);
        order.putArray("lines").addObject()
                .put("sku", catalog.skus().get(random.nextInt(catalog.skus().size())).sku()).put("quantity", 1);
        http.sendAsync(HttpRequest.newBuilder(URI.create(centraSimUrl + "/_sim/orders")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.discarding());
    }

    private void post(SampleStore store, String path, ObjectNode body) {
        http.sendAsync(HttpRequest.newBuilder(URI.create(ingestUrl + path)).timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + store.token())
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() == 202) {
                        accepted.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                });
    }

    public long accepted() {
        return accepted.get();
    }

    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
