package io.tillstream.reconciliation.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.domain.finance.DailyTotals;
import io.tillstream.reconciliation.finance.SettlementSink;
import io.tillstream.reconciliation.finance.Settlements;
import io.tillstream.schemas.AccessToken;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.TenderTotals;
import io.tillstream.service.access.Access;
import io.tillstream.service.access.BearerTokens;
import io.tillstream.service.access.TokenDirectory;
import io.tillstream.service.http.JsonHttp;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinanceHttpTest {

    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-26");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String FINANCE = BearerTokens.generate();
    private static final String RETAIL_OPS = BearerTokens.generate();

    private final List<Settlement> appended = new ArrayList<>();
    private final List<String> uploaders = new ArrayList<>();
    private final List<String> closes = new ArrayList<>();
    private List<ReconciliationException> open = List.of();
    private final HttpClient client = HttpClient.newHttpClient();
    private JsonHttp http;

    @BeforeEach
    void setUp() {
        DailyTotalsView oneDay = new DailyTotalsView(null) {
            @Override
            public Optional<DailyStoreTotals> find(String storeId, LocalDate businessDate) {
                return storeId.equals("S001") && businessDate.equals(DAY) ? Optional.of(day()) : Optional.empty();
            }

            @Override
            public List<DailyStoreTotals> list(String storeId, LocalDate businessDate) {
                return List.of(day());
            }
        };
        Settlements payouts = new Settlements() {
            @Override
            public boolean loaded() {
                return true;
            }

            @Override
            public List<Settlement> between(LocalDate from, LocalDate to, String storeId) {
                return DAY.isBefore(from) || DAY.isAfter(to) ? List.of() : List.of(Settlement.newBuilder()
                        .setProvider("ADYEN").setStoreId("S001").setBusinessDate(DAY).setCurrency("GBP")
                        .setAmount(money("44.10")).setFees(money("0.90")).setReference("payout-1").setReceivedAt(NOW)
                        .build());
            }
        };
        TokenDirectory tokens = new TokenDirectory();
        tokens.apply("carol", token("carol", Role.FINANCE, FINANCE));
        tokens.apply("olle", token("olle", Role.RETAIL_OPS, RETAIL_OPS));
        tokens.markLoaded();
        SettlementSink sink = (settlements, caller, requestId) -> {
            appended.addAll(settlements);
            uploaders.add(caller.name() + " " + caller.role() + " " + requestId);
        };
        http = new JsonHttp("127.0.0.1", 0, 1, tokens)
                .route("/v1/finance/daily-totals", Access.anyOf(Role.FINANCE), new DailyTotalsRoute(oneDay))
                .route("/v1/settlements", Access.anyOf(Role.FINANCE), new SettlementRoute(sink, Clock.fixed(NOW, ZoneOffset.UTC)))
                .route(JournalRoute.PATH, Access.anyOf(Role.FINANCE), new JournalRoute(oneDay, payouts))
                .route(MonthCloseRoute.PATH, Access.anyOf(Role.FINANCE), new MonthCloseRoute(oneDay, payouts, () -> open,
                        (month, detail) -> closes.add(month + " " + detail + " by " + JsonHttp.caller().name()),
                        Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC)))
                .start();
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    @Test
    void shouldExportTheFinalDaysJournalBalancedAsJsonAndCsv() throws Exception {
        HttpResponse<String> response = get("/v1/finance/journal?from=2026-11-01&to=2026-11-30");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode journal = JSON.readTree(response.body());
        assertThat(journal.get("debit").asText()).isEqualTo(journal.get("credit").asText()).isNotEqualTo("0.00");
        assertThat(journal.get("postings").findValuesAsText("account")).contains("4000", "2610", "1210", "1100", "6100");
        assertThat(journal.get("notFinal")).isEmpty();

        HttpResponse<String> csv = get("/v1/finance/journal?from=2026-11-26&to=2026-11-26&format=csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", JournalRoute.CSV_HEADER));
        assertThat(lines).hasSize(journal.get("postings").size() + 1);
        assertThat(lines.get(1)).startsWith("2026-11-26,S001,GBP,");

        assertThat(get("/v1/finance/journal?from=2026-11-30&to=2026-11-01").statusCode()).isEqualTo(400);
        assertThat(get("/v1/finance/journal?from=2026-11-01").statusCode()).isEqualTo(400);
        assertThat(get("/v1/finance/journal?from=2026-11-01&to=2026-11-30&format=xlsx").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldCloseAMonthOnlyWithNothingOpenAndSayWhatPreventsIt() throws Exception {
        open = List.of(ReconciliationException.newBuilder().setId("SETTLEMENT_MISSING:S001|2026-11-26")
                .setType(ExceptionType.SETTLEMENT_MISSING).setOwner(Owner.FINANCE).setSeverity(Severity.HIGH)
                .setStatus(ExceptionStatus.OPEN).setStoreId("S001").setFirstSeenAt(NOW).setLastSeenAt(NOW)
                .setDetail("no CARD payout for 45.00").setRunbook("ask the provider").build());
        HttpResponse<String> refused = post("/v1/finance/close?month=2026-11", FINANCE, "text/plain", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("SETTLEMENT_MISSING:S001|2026-11-26 is open");
        assertThat(post("/v1/finance/close?month=2026-12", FINANCE, "text/plain", "").body())
                .as("a month not over").contains("2026-12 is not over");
        assertThat(closes).isEmpty();

        open = List.of();
        HttpResponse<String> closed = post("/v1/finance/close?month=2026-11", FINANCE, "text/plain", "");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        JsonNode month = JSON.readTree(closed.body());
        assertThat(month.get("storeDays").asInt()).isEqualTo(1);
        assertThat(month.get("debit").asText()).isEqualTo(month.get("credit").asText());
        assertThat(closes).singleElement().asString().startsWith("2026-11 1 store-days").endsWith("by carol");
        assertThat(post("/v1/finance/close?month=November", FINANCE, "text/plain", "").statusCode()).isEqualTo(400);
        assertThat(post("/v1/finance/close?month=2026-11", RETAIL_OPS, "text/plain", "").statusCode()).isEqualTo(403);
    }

    @Test
    void shouldAnswerADayPerTenderWithVersionAndFinal() throws Exception {
        HttpResponse<String> response = get("/v1/finance/daily-totals?storeId=S001&businessDate=2026-11-26");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode day = JSON.readTree(response.body());
        assertThat(day.get("version").asInt()).isEqualTo(2);
        assertThat(day.get("final").asBoolean()).isTrue();
        JsonNode card = day.get("tenders").get(0);
        assertThat(card.get("method").asText()).isEqualTo("CARD");
        assertThat(card.get("gross").asText()).isEqualTo("50.00");
        assertThat(card.get("net").asText()).isEqualTo("45.00");
        assertThat(card.get("tax").asText()).isEqualTo("7.505");
        assertThat(card.get("count").asInt()).isEqualTo(3);

        assertThat(JSON.readTree(get("/v1/finance/daily-totals?businessDate=2026-11-26").body()).isArray()).isTrue();
    }

    @Test
    void shouldAnswerProblemsForAnUnknownDayABadDateAndAnUnknownParameter() throws Exception {
        HttpResponse<String> unknown = get("/v1/finance/daily-totals?storeId=S404&businessDate=2026-11-26");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue(JsonHttp.PROBLEM);
        assertThat(get("/v1/finance/daily-totals?storeId=S001&businessDate=26/11/2026").statusCode()).isEqualTo(400);
        assertThat(get("/v1/finance/daily-totals?store=S001").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRefuseMoneyWithoutAFinanceTokenAndRecordWhoUploaded() throws Exception {
        String payout = """
                [{"provider": "ADYEN", "storeId": "S001", "businessDate": "2026-11-26", "currency": "GBP", "amount": "1"}]""";
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(http.url() + "/v1/settlements"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payout)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tillstream\"");
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue(JsonHttp.PROBLEM);
        HttpResponse<String> ops = client.send(HttpRequest.newBuilder(URI.create(http.url()
                        + "/v1/finance/daily-totals?storeId=S001&businessDate=2026-11-26"))
                .header("Authorization", "Bearer " + RETAIL_OPS).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ops.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(ops.body()).get("detail").asText()).contains("RETAIL_OPS").contains("FINANCE");
        assertThat(appended).isEmpty();

        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(http.url() + "/v1/settlements"))
                .header("Authorization", "Bearer " + FINANCE).header("X-Request-Id", "upload-7")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payout)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("X-Request-Id")).hasValue("upload-7");
        assertThat(uploaders).containsExactly("carol FINANCE upload-7");
    }

    @Test
    void shouldAppendAJsonArrayOfPayoutsAndAnswer202WithTheCount() throws Exception {
        HttpResponse<String> response = post("application/json", """
                [{"provider": "ADYEN", "storeId": "S001", "businessDate": "2026-11-26", "currency": "GBP",
                  "amount": 44.30, "fees": "0.70", "reference": "payout-1"},
                 {"provider": "ADYEN", "storeId": "S002", "businessDate": "2026-11-26", "currency": "SEK",
                  "amount": "100"}]""");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(2);
        assertThat(appended).hasSize(2);
        assertThat(appended.get(0).getAmount()).isEqualByComparingTo("44.30");
        assertThat(appended.get(0).getReceivedAt()).isEqualTo(NOW);
        assertThat(appended.get(1).getFees()).isEqualByComparingTo("0");
    }

    @Test
    void shouldAppendCsvWithAQuotedReference() throws Exception {
        HttpResponse<String> response = post("text/csv", """
                provider,storeId,businessDate,currency,amount,fees,reference
                ADYEN,S001,2026-11-26,GBP,44.30,0.70,"batch 7, part 1"
                """);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(appended).singleElement().satisfies(s -> {
            assertThat(s.getReference()).isEqualTo("batch 7, part 1");
            assertThat(s.getBusinessDate()).isEqualTo(DAY);
        });
    }

    @Test
    void shouldReadAnExcelExportThatStartsWithAByteOrderMark() throws Exception {
        HttpResponse<String> response = post("text/csv", "\uFEFFprovider,storeId,businessDate,currency,amount,fees,reference\n"
                + "ADYEN,S001,2026-11-26,GBP,44.30,0.70,p-1\n");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(appended).singleElement().satisfies(s -> assertThat(s.getProvider()).isEqualTo("ADYEN"));
    }

    @Test
    void shouldRefuseTwoPayoutsOfOneStoreDayAndProviderInOneUpload() throws Exception {
        JsonNode errors = refused("ADYEN,S001,2026-11-26,GBP,30.00,0.00,p-1",
                "ADYEN,S001,2026-11-26,GBP,20.00,0.00,p-2",
                "STRIPE,S001,2026-11-26,GBP,5.00,0.00,p-3");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.get("row").asInt()).isEqualTo(2);
            assertThat(e.get("message").asText()).contains("row 1");
        });
    }

    @Test
    void shouldRefuseADayNotTradedYetAndACodeThatIsNoMoney() throws Exception {
        JsonNode errors = refused("ADYEN,S001,9999-12-31,GBP,44.30,0.70,p-1",
                "ADYEN,S001,2026-11-26,XXX,44.30,0.70,p-2",
                "ADYEN,S001,2026-11-28,GBP,1.00,0.00,p-3");
        assertThat(errors.findValuesAsText("field")).containsExactly("businessDate", "currency");
        assertThat(errors.findValues("row")).extracting(JsonNode::asInt).containsExactly(1, 2);
    }

    @Test
    void shouldRefuseAnUnclosedQuoteAndTextThatWasNotUtf8() throws Exception {
        HttpResponse<String> unclosed = post("text/csv", "provider,storeId,businessDate,currency,amount,fees,reference\n"
                + "ADYEN,S001,2026-11-26,GBP,44.30,0.70,\"p-1\n");
        HttpResponse<String> latin1 = post("text/csv", "provider,storeId,businessDate,currency,amount,fees,reference\n"
                + "ADYEN,S001,2026-11-26,GBP,44.30,0.70,r\uFFFDf\n");
        assertThat(unclosed.statusCode()).isEqualTo(400);
        assertThat(latin1.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(latin1.body()).get("errors").get(0).get("field").asText()).isEqualTo("body");
        assertThat(appended).isEmpty();
    }

    @Test
    void shouldRefuseTheWholeUploadNamingEachBadRowAndField() throws Exception {
        HttpResponse<String> response = post("text/csv", """
                provider,storeId,businessDate,currency,amount,fees,reference
                ADYEN,S001,2026-11-26,GBP,44.30,0.70,ok
                ADYEN,S001,2026-11-31,GBP,12.345,,
                """);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JsonHttp.PROBLEM);
        JsonNode errors = JSON.readTree(response.body()).get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.findValuesAsText("field")).containsExactlyInAnyOrder("businessDate", "amount");
        assertThat(errors.findValues("row")).allSatisfy(row -> assertThat(row.asInt()).isEqualTo(2));
        assertThat(appended).isEmpty();

        JsonNode unknownField = JSON.readTree(post("application/json",
                "[{\"provider\": \"ADYEN\", \"storeId\": \"S001\", \"businessDate\": \"2026-11-26\","
                        + " \"currency\": \"GBP\", \"amount\": \"1\", \"net\": \"1\"}]").body());
        assertThat(unknownField.get("errors").get(0).get("field").asText()).isEqualTo("net");
    }

    private static DailyStoreTotals day() {
        TenderTotals card = TenderTotals.newBuilder().setMethod("CARD").setGross(money("50")).setDiscounts(money("5"))
                .setRefunds(money("0")).setNet(money("45")).setTax(money("7.505")).setCount(3).build();
        DailyStoreTotals open = DailyTotals.add(DailyTotals.empty("S001", DAY, "GBP"), List.of(card));
        return DailyTotals.publish(DailyTotals.publish(open, NOW), NOW);
    }

    private static AccessToken token(String name, Role role, String token) {
        return AccessToken.newBuilder().setName(name).setRole(role).setTokenSha256(BearerTokens.sha256Hex(token))
                .setIssuedAt(NOW).setIssuedBy("test").build();
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount).setScale(4);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(http.url() + path))
                .header("Authorization", "Bearer " + FINANCE).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        return post("/v1/settlements", FINANCE, contentType, body);
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(http.url() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the payout rows under the CSV header; the upload must be refused whole: its errors. */
    private JsonNode refused(String... rows) throws Exception {
        HttpResponse<String> response = post("text/csv",
                "provider,storeId,businessDate,currency,amount,fees,reference\n" + String.join("\n", rows) + "\n");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(appended).isEmpty();
        return JSON.readTree(response.body()).get("errors");
    }
}
