package io.tillstream.local.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillstream.local.sample.SampleCatalog;
import io.tillstream.local.sample.SampleStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated tills and a webshop: realistic store traffic over the real HTTP front door (sales,
 * returns with each disposition, exchanges, deliveries and shrinkage, an unknown SKU now and then)
 * and webshop orders allocating stock in Centra. Tills sell only what their {@link Shelves} hold.
 *
 * <p>Like a real till, one that gets no acknowledgement (no answer, a 5xx, a 429) keeps the event and
 * sends it again with the same id, to the next pos-ingest instance when there are several, until it
 * is acknowledged ({@link #GIVE_UP_AFTER} bounds it here); re-posting an id is safe by contract.
 */
public final class StoreTraffic implements AutoCloseable {

    private static final BigDecimal VAT_SHARE = new BigDecimal("0.2").divide(new BigDecimal("1.2"), 10, RoundingMode.HALF_UP);
    private static final String[] DISPOSITIONS = {"RESTOCK", "RESTOCK", "INSPECT", "WRITE_OFF"};
    private static final int DELIVERY_SKUS = 12;
    private static final int CARTON = 6;
    /** Projector reads that may fail (each waits up to 5 s) before the shelves keep their opening counts. */
    private static final int MAX_UNANSWERED = 3;
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    private static final long MAX_RETRY_DELAY_MS = 5_000;

    private final List<String> ingestUrls;
    private final String projectorUrl;
    private final String stockToken;
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
    private final AtomicLong retried = new AtomicLong();
    private final Shelves shelves = new Shelves();
    private long sequence;

    /**
     * @param ingestUrls   every pos-ingest instance: posts go round them, a retry to the next
     * @param projectorUrl the stock projector, whose ledger tells the tills what is on their shelves
     * @param stockToken   a STOCK_READER token for it
     * @param centraSimUrl the simulator for webshop orders, or null against a real Centra
     */
    public StoreTraffic(List<String> ingestUrls, String projectorUrl, String stockToken, String centraSimUrl,
                        List<SampleStore> stores, SampleCatalog catalog) {
        this.ingestUrls = List.copyOf(ingestUrls);
        this.projectorUrl = projectorUrl;
        this.stockToken = stockToken;
        this.centraSimUrl = centraSimUrl;
        this.stores = stores;
        this.catalog = catalog;
    }

    public void start(double perSecond) {
        stockShelves();
        long periodMicros = Math.max(1, (long) (1_000_000 / perSecond));
        scheduler.scheduleAtFixedRate(this::tick, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void tick() {
        SampleStore store = stores.get(random.nextInt(stores.size()));
        String id = store.storeId() + "-T0" + (1 + random.nextInt(3)) + "-" + System.currentTimeMillis() % 100_000_000
                + "-" + (sequence++);
        int roll = random.nextInt(100);
        // Units leave the shelves when the customer takes them; they arrive (a delivery, a restocked return)
        // only once pos-ingest accepted the event, so a refused post never puts units on a shelf the ledger lacks.
        if (roll < 78) {
            ArrayNode lines = sale(store, 1 + random.nextInt(3));
            if (!lines.isEmpty()) {
                post(store, "/v1/transactions", transaction(store, id, "SALE", lines), () -> { });
            }
        } else if (roll < 86) {
            ArrayNode lines = returned();
            post(store, "/v1/transactions", transaction(store, id, "RETURN", lines), () -> restock(store, lines));
        } else if (roll < 91) {
            ArrayNode returnedLines = returned();
            ArrayNode replacement = sale(store, 1);
            ArrayNode lines = returnedLines.deepCopy().addAll(replacement);
            post(store, "/v1/transactions", transaction(store, id, replacement.isEmpty() ? "RETURN" : "EXCHANGE", lines),
                    () -> restock(store, returnedLines));
        } else if (roll < 96) {
            adjustment(store, id).ifPresent(a -> post(store, "/v1/stock-adjustments", a, () -> received(store, a)));
        } else if (roll < 98) {
            post(store, "/v1/transactions", transaction(store, id, "SALE", unknownSkuSale()), () -> { });
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

    /** Lines of SKUs the store has on its shelves (none when they are bare). */
    private ArrayNode sale(SampleStore store, int lineCount) {
        ArrayNode lines = json.createArrayNode();
        for (int i = 0; i < lineCount; i++) {
            Optional<String> picked = shelves.sellable(store.storeId(), random);
            if (picked.isEmpty()) {
                break;
            }
            int quantity = shelves.take(store.storeId(), picked.get(), 1 + (random.nextInt(5) == 0 ? 1 : 0));
            saleLine(lines, picked.get(), quantity, price(picked.get()));
        }
        return lines;
    }

    /** The deliberate gap: a SKU the till knows and Centra does not (a local product, a mis-keyed code). */
    private ArrayNode unknownSkuSale() {
        ArrayNode lines = json.createArrayNode();
        saleLine(lines, "CAS-GHOST-UNK-" + (1 + random.nextInt(3)), 1, new BigDecimal("25.00"));
        return lines;
    }

    private void saleLine(ArrayNode lines, String sku, int quantity, BigDecimal price) {
        BigDecimal discount = random.nextInt(5) == 0 ? price.multiply(new BigDecimal("0.10")) : BigDecimal.ZERO;
        line(lines, sku, quantity, price, discount);
    }

    private ArrayNode returned() {
        ArrayNode lines = json.createArrayNode();
        SampleCatalog.Sku sku = catalog.skus().get(random.nextInt(catalog.skus().size()));
        line(lines, sku.sku(), -1, sku.price(), BigDecimal.ZERO)
                .put("returnDisposition", DISPOSITIONS[random.nextInt(DISPOSITIONS.length)]);
        return lines;
    }

    /** A returned line with disposition RESTOCK is back on the shelf. */
    private void restock(SampleStore store, ArrayNode returnedLines) {
        for (var line : returnedLines) {
            if (line.path("returnDisposition").asText().equals("RESTOCK")) {
                shelves.add(store.storeId(), line.get("sku").asText(), -line.get("quantity").asInt());
            }
        }
    }

    /** A delivery's cartons are on the shelves. */
    private void received(SampleStore store, ObjectNode adjustment) {
        if (adjustment.get("reason").asText().equals("RECEIVED")) {
            for (var line : adjustment.get("lines")) {
                shelves.add(store.storeId(), line.get("sku").asText(), line.get("quantity").asInt());
            }
        }
    }

    private BigDecimal price(String sku) {
        return catalog.skus().stream().filter(s -> s.sku().equals(sku)).findFirst().orElseThrow().price();
    }

    private static ObjectNode line(ArrayNode lines, String sku, int quantity, BigDecimal price, BigDecimal discount) {
        BigDecimal total = price.multiply(BigDecimal.valueOf(quantity)).subtract(discount);
        return lines.addObject().put("sku", sku).put("quantity", quantity)
                .put("unitPrice", price.setScale(2, RoundingMode.UNNECESSARY).toPlainString())
                .put("discount", discount.setScale(2, RoundingMode.HALF_UP).toPlainString())
                .put("tax", total.multiply(VAT_SHARE).setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    /**
     * A delivery (a carton of 6 for each of the store's 12 emptiest SKUs: about what the tills sell
     * meanwhile, so the shelves neither empty nor overflow) or one unit of shrinkage; nothing when a
     * shrinkage finds the shelves bare.
     */
    private Optional<ObjectNode> adjustment(SampleStore store, String id) {
        boolean delivery = random.nextBoolean();
        ObjectNode a = json.createObjectNode().put("adjustmentId", id).put("storeId", store.storeId())
                .put("occurredAt", Instant.now().toString()).put("reason", delivery ? "RECEIVED" : "SHRINKAGE");
        ArrayNode lines = a.putArray("lines");
        if (delivery) {
            for (String sku : shelves.emptiest(store.storeId(), DELIVERY_SKUS)) {
                lines.addObject().put("sku", sku).put("quantity", CARTON);
            }
        } else {
            shelves.sellable(store.storeId(), random).filter(sku -> shelves.take(store.storeId(), sku, 1) == 1)
                    .ifPresent(sku -> lines.addObject().put("sku", sku).put("quantity", -1));
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(a);
    }

    /**
     * Fills the shelves from the projector's ledger (on a restart of the same data directory it holds
     * what the earlier runs left), and from the opening counts where the ledger has not folded the
     * opening stocktake yet (the first start).
     */
    private void stockShelves() {
        for (SampleStore store : stores) {
            List<int[]> opening = catalog.openingCounts(store.storeId());
            for (int[] count : opening) {
                shelves.put(store.storeId(), catalog.skus().get(count[0]).sku(), count[1]);
            }
        }
        int unanswered = 0;
        for (SampleCatalog.Sku sku : catalog.skus()) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(projectorUrl + "/v1/stock/" + sku.sku())).timeout(Duration.ofSeconds(5))
                                .header("Authorization", "Bearer " + stockToken).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    for (var location : json.readTree(response.body()).path("locations")) {
                        shelves.put(location.path("locationId").asText(), sku.sku(), location.path("onHand").asInt());
                    }
                }
            } catch (IOException e) {
                if (++unanswered == MAX_UNANSWERED) {
                    return; // the projector is not answering: the opening counts will do for the rest
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void webshopOrder() {
        ObjectNode order = json.createObjectNode().put("market", SampleCatalog.MARKET);
        order.putArray("lines").addObject()
                .put("sku", catalog.skus().get(random.nextInt(catalog.skus().size())).sku()).put("quantity", 1);
        http.sendAsync(HttpRequest.newBuilder(URI.create(centraSimUrl + "/_sim/orders")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** @param onAccepted run on the traffic's thread once pos-ingest answered 202 */
    private void post(SampleStore store, String path, ObjectNode body, Runnable onAccepted) {
        send(store, path, body.toString(), onAccepted, (int) (sequence % ingestUrls.size()), System.nanoTime(), 0);
    }

    private void send(SampleStore store, String path, String body, Runnable onAccepted, int instance, long firstTry,
                      int attempt) {
        String ingestUrl = ingestUrls.get(instance % ingestUrls.size());
        http.sendAsync(HttpRequest.newBuilder(URI.create(ingestUrl + path)).timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + store.token())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() == 202) {
                        accepted.incrementAndGet();
                        onScheduler(onAccepted);
                    } else if ((error != null || unanswered(response.statusCode()))
                            && System.nanoTime() - firstTry < GIVE_UP_AFTER.toNanos()) {
                        retried.incrementAndGet();
                        long delay = Math.min(MAX_RETRY_DELAY_MS, 200L << Math.min(attempt, 5));
                        onScheduler(() -> scheduler.schedule(() -> send(store, path, body, onAccepted, instance + 1,
                                firstTry, attempt + 1), delay, TimeUnit.MILLISECONDS));
                    } else {
                        refused.incrementAndGet(); // the till's own mistake (4xx): sending it again changes nothing
                    }
                });
    }

    /** No acknowledgement: the event may or may not be in the log, and only a retry can tell. */
    private static boolean unanswered(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the traffic was stopped meanwhile
        }
    }

    public long accepted() {
        return accepted.get();
    }

    public long refused() {
        return refused.get();
    }

    /** Posts sent again after no acknowledgement. */
    public long retried() {
        return retried.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
