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
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

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

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("ingest-fuzz-");
        kafka = EmbeddedKafka.startTemporary();
        app = IngestApp.start(kafka.bootstrapServers(), dir, Map.of("tillstream.ingest.rate-limit.enabled", false));
    }

    @AfterContainer
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.BOUNDED)
    void shouldAcceptExactlyTheValidBodiesAndNeverFail(@ForAll("cases") Case c) throws Exception {
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

        Statistics.collect(valid ? "valid" : "invalid");
        HttpResponse<String> response = app.post("/v1/transactions", TOKEN_S001, body);

        assertThat(response.statusCode()).as("%s -> %s", body, response.body()).isLessThan(500);
        if (valid) {
            assertThat(response.statusCode()).as("valid %s -> %s", body, response.body()).isEqualTo(202);
            ACCEPTED.add(id);
        } else {
            assertThat(response.statusCode()).as("invalid %s -> %s", body, response.body()).isBetween(400, 499);
        }
    }

    @AfterProperty
    void theTopicHoldsExactlyTheValidOnes() {
        Map<String, Long> onTopic = app.committedTransactions().stream()
                .collect(Collectors.groupingBy(PosTransaction::getTransactionId, Collectors.counting()));
        assertThat(onTopic.keySet()).containsExactlyInAnyOrderElementsOf(ACCEPTED);
        assertThat(onTopic.values()).containsOnly(1L);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<TextMode> text = Arbitraries.frequency(Tuple.of(12, TextMode.COMPACT), Tuple.of(4, TextMode.PRETTY),
                Tuple.of(1, TextMode.TRUNCATED), Tuple.of(1, TextMode.GARBAGE));
        return Combinators.combine(sales(), mutations().list().ofMaxSize(3), text,
                Arbitraries.doubles().between(0, 1), Arbitraries.strings().ofMaxLength(200)).as(Case::new);
    }

    /** Valid sales by the contract: 1-3 lines, tenders summing exactly to the line totals, GBP or JPY. */
    private static Arbitrary<ObjectNode> sales() {
        // letters of any script, digits and - _ inside (the SKU rule: SkuTest; a leading - is a formula)
        Arbitrary<String> skus = Arbitraries.strings().withCharRange('A', 'Z').numeric().withChars('-', 'Å', '_')
                .ofMinLength(1).ofMaxLength(64).filter(Sku::valid);
        Arbitrary<long[]> line = Combinators.combine(Arbitraries.integers().between(1, 10_000),
                Arbitraries.longs().between(1, 100_000), Arbitraries.doubles().between(0, 1))
                .as((q, price, discountShare) -> new long[] {q, price, (long) (q * price * discountShare)});
        return Combinators.combine(Arbitraries.of("GBP", "JPY"), skus.list().ofMinSize(1).ofMaxSize(3),
                line.list().ofSize(3), Arbitraries.doubles().between(0, 1), Arbitraries.longs().between(0, 259_200),
                Arbitraries.strings().withCharRange('A', 'Z').numeric().ofMinLength(1).ofMaxLength(10))
                .as((currency, lineSkus, amounts, split, ageSeconds, till) -> {
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
                });
    }

    private static Arbitrary<Mutation> mutations() {
        return Arbitraries.oneOf(
                // Changes the contract allows.
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('.', ':', '-').ofMinLength(1)
                        .ofMaxLength(64).map(t -> valid("tillId " + t, s -> s.put("tillId", t))),
                Arbitraries.strings().ofMaxLength(128).map(r -> valid("reference " + r,
                        s -> ((ObjectNode) s.get("tenders").get(0)).put("reference", r))),
                Arbitraries.just(valid("no reference", s -> ((ObjectNode) s.get("tenders").get(0)).remove("reference"))),
                Arbitraries.just(valid("EXCHANGE of positive lines", s -> s.put("type", "EXCHANGE"))),
                // Changes that break a rule.
                Arbitraries.of(REQUIRED).map(f -> invalid("without " + f, s -> s.remove(f))),
                Arbitraries.of(REQUIRED).map(f -> invalid(f + " null", s -> s.putNull(f))),
                Arbitraries.of(REQUIRED).map(f -> invalid(f + " an object", s -> s.putObject(f))),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(f -> invalid("unknown x_" + f,
                        s -> s.put("x_" + f, 1))),
                Arbitraries.just(invalid("unknown line field", s -> line(s).put("colour", "red"))),
                Arbitraries.just(invalid("tender one minor unit off", s -> {
                    ObjectNode tender = (ObjectNode) s.get("tenders").get(0);
                    BigDecimal amount = new BigDecimal(tender.get("amount").asText());
                    tender.put("amount", amount.add(BigDecimal.ONE.movePointLeft(amount.scale())).toPlainString());
                })),
                Arbitraries.of(0L, -1L, 10_001L, 99_999_999_999L).map(q -> invalid("quantity " + q,
                        s -> line(s).put("quantity", q))),
                Arbitraries.just(invalid("quantity 1.5", s -> line(s).put("quantity", 1.5))),
                Arbitraries.of("bad id!", "x".repeat(65), "").map(v -> invalid("transactionId " + v,
                        s -> s.put("transactionId", v))),
                Arbitraries.longs().between(600, 31_536_000).map(ahead -> invalid("occurredAt +" + ahead + " s",
                        s -> s.put("occurredAt", Instant.now().plusSeconds(ahead).toString()))),
                Arbitraries.of("yesterday", "2026-13-01T00:00:00Z", "2026-11-26 10:00").map(v -> invalid("occurredAt " + v,
                        s -> s.put("occurredAt", v))),
                Arbitraries.of("XXY", "gbp", "EURO").map(v -> invalid("currency " + v, s -> s.put("currency", v))),
                Arbitraries.just(invalid("unitPrice 1.001", s -> line(s).put("unitPrice", "1.001"))),
                // A RETURN of positive lines; a VOID naming nothing to void.
                Arbitraries.of("REFUND", "RETURN").map(v -> invalid("type " + v, s -> s.put("type", v))),
                Arbitraries.just(invalid("VOID without voidsTransactionId",
                        s -> s.put("type", "VOID").remove("voidsTransactionId"))),
                Arbitraries.of("S002", "S999").map(v -> invalid("storeId " + v, s -> s.put("storeId", v))),
                Arbitraries.just(invalid("disposition on a sold line", s -> line(s).put("returnDisposition", "RESTOCK"))),
                Arbitraries.just(invalid("no lines", s -> s.putArray("lines"))),
                Arbitraries.just(invalid("voids on a SALE",
                        s -> s.put("type", "SALE").put("voidsTransactionId", "S001-T-1"))));
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
