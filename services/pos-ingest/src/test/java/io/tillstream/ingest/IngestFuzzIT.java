package io.tillstream.ingest;

import static io.tillstream.ingest.IngestApp.TOKEN_S001;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Sku;
import io.tillstream.testkit.property.Generate;
import io.tillstream.testkit.property.Tries;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throws thousands of mutated sales at the real HTTP server on a real broker. Each mutation is
 * labelled by the contract as keeping the sale valid or breaking it, independently of the
 * validator's code: never a 5xx, 202 exactly for the valid ones, and afterwards the topic holds
 * exactly the valid ones, once each.
 */
class IngestFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();
    private static final Map<Boolean, Integer> SENT = new ConcurrentHashMap<>();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final List<String> REQUIRED = List.of("transactionId", "storeId", "tillId", "type", "occurredAt",
            "currency", "lines");

    private static Path dir;
    private static EmbeddedKafka kafka;
    private static IngestApp app;

    /** A change to a valid sale, and whether the contract still calls the result valid. */
    record Mutation(String name, boolean keepsValid, Consumer<ObjectNode> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A generated sale, the changes to it, and how its text is finally sent. */
    record Case(ObjectNode sale, List<Mutation> mutations, TextMode text, double cut, String garbage) {
    }

    enum TextMode { COMPACT, PRETTY, TRUNCATED, GARBAGE }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("ingest-fuzz-");
        kafka = EmbeddedKafka.startTemporary();
        app = IngestApp.start(kafka.bootstrapServers(), dir, Map.of("tillstream.ingest.rate-limit.enabled", false));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldAcceptExactlyTheValidBodiesAndNeverFail() {
        Tries.check("ingest fuzz", 3000, generate -> send(cases(generate)));

        Map<String, Long> onTopic = app.committedTransactions().stream()
                .collect(Collectors.groupingBy(PosTransaction::getTransactionId, Collectors.counting()));
        assertThat(onTopic.keySet()).containsExactlyInAnyOrderElementsOf(ACCEPTED);
        assertThat(onTopic.values()).containsOnly(1L);
        System.out.printf("ingest fuzz: %d valid and %d invalid bodies sent%n", SENT.getOrDefault(true, 0),
                SENT.getOrDefault(false, 0));
        assertThat(SENT).as("both kinds of body were tried").containsKeys(true, false);
    }

    private void send(Case c) throws Exception {
        String id = "S001-F-" + SEQUENCE.incrementAndGet();
        ObjectNode sale = c.sale().deepCopy().put("transactionId", id);
        // Allowed changes first: a later allowed change (a new tillId) must not repair a broken field.
        c.mutations().stream().sorted(Comparator.comparing(m -> !m.keepsValid())).forEach(m -> m.apply().accept(sale));
        boolean valid = c.mutations().stream().allMatch(Mutation::keepsValid)
                && (c.text() == TextMode.COMPACT || c.text() == TextMode.PRETTY);
        String body = switch (c.text()) {
            case COMPACT -> JSON.writeValueAsString(sale);
            case PRETTY -> JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sale);
            case TRUNCATED -> {
                String full = JSON.writeValueAsString(sale);
                yield full.substring(0, (int) (c.cut() * (full.length() - 1)));
            }
            case GARBAGE -> c.garbage();
        };

        SENT.merge(valid, 1, Integer::sum);
        HttpResponse<String> response = app.post("/v1/transactions", TOKEN_S001, body);

        assertThat(response.statusCode()).as("%s -> %s", body, response.body()).isLessThan(500);
        if (valid) {
            assertThat(response.statusCode()).as("valid %s -> %s", body, response.body()).isEqualTo(202);
            ACCEPTED.add(id);
        } else {
            assertThat(response.statusCode()).as("invalid %s -> %s", body, response.body()).isBetween(400, 499);
        }
    }

    private static Case cases(Generate g) {
        TextMode text = g.weighted(12, TextMode.COMPACT, 4, TextMode.PRETTY, 1, TextMode.TRUNCATED, 1, TextMode.GARBAGE);
        return new Case(sale(g), g.listOf(0, 3, IngestFuzzIT::mutation), text, g.fraction(), g.anyString(200));
    }

    /** Valid sales by the contract: 1-3 lines, tenders summing exactly to the line totals, GBP or JPY. */
    private static ObjectNode sale(Generate g) {
        String currency = g.oneOf("GBP", "JPY");
        // letters of any script, digits and - _ inside (the SKU rule: SkuTest; a leading - is a formula)
        List<String> lineSkus = g.listOf(1, 3, x -> x.such(y -> y.string(1, 64, UPPER_DIGITS + "-Å_"), Sku::valid));
        List<long[]> amounts = g.listOf(3, 3, x -> {
            long quantity = x.between(1, 10_000);
            long price = x.between(1L, 100_000L);
            return new long[] {quantity, price, (long) (quantity * price * x.fraction())};
        });
        double split = g.fraction();
        long ageSeconds = g.between(0L, 259_200L);
        String till = g.string(1, 10, UPPER_DIGITS);
        int scale = currency.equals("GBP") ? 2 : 0;
        ObjectNode sale = JSON.createObjectNode().put("transactionId", "placeholder").put("storeId", "S001")
                .put("tillId", till).put("type", "SALE")
                .put("occurredAt", Instant.now().minusSeconds(ageSeconds).toString()).put("currency", currency);
        ArrayNode lines = sale.putArray("lines");
        long total = 0;
        for (int i = 0; i < lineSkus.size(); i++) {
            long[] a = amounts.get(i);
            lines.addObject().put("sku", lineSkus.get(i)).put("quantity", a[0])
                    .put("unitPrice", money(a[1], scale)).put("discount", money(a[2], scale))
                    .put("tax", money(0, scale));
            total += a[0] * a[1] - a[2];
        }
        long first = (long) (total * split);
        ArrayNode tenders = sale.putArray("tenders");
        tenders.addObject().put("method", "CARD").put("amount", money(first, scale)).put("reference", "auth-1");
        tenders.addObject().put("method", "CASH").put("amount", money(total - first, scale));
        return sale;
    }

    /** One change to a valid sale, each kind as likely. */
    private static Mutation mutation(Generate generate) {
        return generate.anyOf(List.<Function<Generate, Mutation>>of(
                // Changes the contract allows.
                g -> {
                    String till = g.string(1, 64, LOWER_DIGITS + ".:-");
                    return valid("tillId " + till, s -> s.put("tillId", till));
                },
                g -> {
                    String reference = g.anyString(128);
                    return valid("reference " + reference,
                            s -> ((ObjectNode) s.get("tenders").get(0)).put("reference", reference));
                },
                g -> valid("no reference", s -> ((ObjectNode) s.get("tenders").get(0)).remove("reference")),
                g -> valid("EXCHANGE of positive lines", s -> s.put("type", "EXCHANGE")),
                // Changes that break a rule.
                g -> {
                    String field = g.oneOf(REQUIRED);
                    return invalid("without " + field, s -> s.remove(field));
                },
                g -> {
                    String field = g.oneOf(REQUIRED);
                    return invalid(field + " null", s -> s.putNull(field));
                },
                g -> {
                    String field = g.oneOf(REQUIRED);
                    return invalid(field + " an object", s -> s.putObject(field));
                },
                g -> {
                    String field = "x_" + g.string(1, 10, LETTERS);
                    return invalid("unknown " + field, s -> s.put(field, 1));
                },
                g -> invalid("unknown line field", s -> line(s).put("colour", "red")),
                g -> invalid("tender one minor unit off", s -> {
                    ObjectNode tender = (ObjectNode) s.get("tenders").get(0);
                    BigDecimal amount = new BigDecimal(tender.get("amount").asText());
                    tender.put("amount", amount.add(BigDecimal.ONE.movePointLeft(amount.scale())).toPlainString());
                }),
                g -> {
                    long quantity = g.oneOf(0L, -1L, 10_001L, 99_999_999_999L);
                    return invalid("quantity " + quantity, s -> line(s).put("quantity", quantity));
                },
                g -> invalid("quantity 1.5", s -> line(s).put("quantity", 1.5)),
                g -> {
                    String id = g.oneOf("bad id!", "x".repeat(65), "");
                    return invalid("transactionId " + id, s -> s.put("transactionId", id));
                },
                g -> {
                    long ahead = g.between(600L, 31_536_000L);
                    return invalid("occurredAt +" + ahead + " s",
                            s -> s.put("occurredAt", Instant.now().plusSeconds(ahead).toString()));
                },
                g -> {
                    String at = g.oneOf("yesterday", "2026-13-01T00:00:00Z", "2026-11-26 10:00");
                    return invalid("occurredAt " + at, s -> s.put("occurredAt", at));
                },
                g -> {
                    String currency = g.oneOf("XXY", "gbp", "EURO");
                    return invalid("currency " + currency, s -> s.put("currency", currency));
                },
                g -> invalid("unitPrice 1.001", s -> line(s).put("unitPrice", "1.001")),
                // A RETURN of positive lines; a VOID naming nothing to void.
                g -> {
                    String type = g.oneOf("REFUND", "RETURN");
                    return invalid("type " + type, s -> s.put("type", type));
                },
                g -> invalid("VOID without voidsTransactionId", s -> s.put("type", "VOID").remove("voidsTransactionId")),
                g -> {
                    String store = g.oneOf("S002", "S999");
                    return invalid("storeId " + store, s -> s.put("storeId", store));
                },
                g -> invalid("disposition on a sold line", s -> line(s).put("returnDisposition", "RESTOCK")),
                g -> invalid("no lines", s -> s.putArray("lines")),
                g -> invalid("voids on a SALE", s -> s.put("type", "SALE").put("voidsTransactionId", "S001-T-1"))));
    }

    /** The first line; if an earlier (breaking) mutation took the lines away, a stray field that breaks it too. */
    private static ObjectNode line(ObjectNode sale) {
        JsonNode lines = sale.get("lines");
        return lines != null && lines.isArray() && !lines.isEmpty() && lines.get(0).isObject()
                ? (ObjectNode) lines.get(0) : sale.putObject("x_no_line");
    }

    private static Mutation valid(String name, Consumer<ObjectNode> apply) {
        return new Mutation(name, true, apply);
    }

    private static Mutation invalid(String name, Consumer<ObjectNode> apply) {
        return new Mutation(name, false, apply);
    }

    private static String money(long minorUnits, int scale) {
        return BigDecimal.valueOf(minorUnits, scale).toPlainString();
    }
}
