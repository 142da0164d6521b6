package io.tillstream.centra.sink.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.SimulatorConfig;
import io.tillstream.centra.simulator.StockRow;
import io.tillstream.centra.client.GraphQlCentraClient;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.client.SteppedClock;
import io.tillstream.centra.sink.receipts.ReceiptLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync against the Centra simulator over real HTTP: batching, refusals, 429s and unknown outcomes. */
class StockSyncTest {

    private static final String TOKEN = "test-token";
    private static final String TOPIC = "stock.changes.v1";
    private static final String CORRECTIONS = "centra.corrections.v1";

    private CentraSimulator centra;
    private StockSync sync;
    private final List<String> rejected = new ArrayList<>();
    private long offset;

    @BeforeEach
    void setUp() {
        centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0).withApiTokens(Set.of(TOKEN))
                .withTimeoutHold(Duration.ofSeconds(3)));
        centra.applyCatalog("""
                {"warehouses":[{"id":1,"name":"Store S001"},{"id":2,"name":"Store S002"}],
                 "products":[{"productNumber":"TEE","name":"Tee","variants":[{"variantNumber":"BLK","name":"Black",
                   "sizes":[{"name":"M","sku":"TEE-M"},{"name":"L","sku":"TEE-L"}]}]}],
                 "stock":[{"warehouseId":1,"sku":"TEE-M","physical":10},{"warehouseId":1,"sku":"TEE-L","physical":10}]}""");
        Clock clock = Clock.systemUTC();
        sync = new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(1), clock), RateBudget.mutations(1_000, 100_000, clock),
                ReceiptLog.NONE, (record, reason) -> rejected.add(reason), StockSync.Options.of(Map.of("S001", 1, "S002", 2), 200), clock);
    }

    @AfterEach
    void tearDown() {
        centra.close();
    }

    @Test
    void shouldNetDeltasAndSendOneMutationPerWarehouseAndDirection() {
        sync.add(List.of(change("S001", "TEE-M", 1, -1), change("S001", "TEE-M", 2, -2), change("S001", "TEE-L", 1, -1),
                change("S001", "TEE-L", 2, 1), change("S001", "TEE-L", 3, -3)));
        sync.flush();

        assertThat(centra.mutations()).hasSize(1);
        assertThat(physical(1, "TEE-M")).isEqualTo(7);
        assertThat(physical(1, "TEE-L")).isEqualTo(7);
        assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 5L);
    }

    @Test
    void shouldParkAnUnknownSizeAndPushTheRest() {
        sync.add(List.of(change("S001", "TEE-M", 1, -1), change("S001", "GHOST", 1, -1), change("S001", "TEE-L", 1, -2)));
        sync.flush();
        sync.flush();

        assertThat(rejected).singleElement().asString().startsWith("[SIZE_REFUSED] ").contains("GHOST");
        assertThat(physical(1, "TEE-M")).isEqualTo(9);
        assertThat(physical(1, "TEE-L")).isEqualTo(8);
        assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 3L);
    }

    @Test
    void shouldPushAParkedSizesLedgerStockOnceCentraKnowsIt() {
        Clock clock = Clock.systemUTC();
        StockSync quick = new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(1), clock), RateBudget.mutations(1_000, 100_000, clock),
                ReceiptLog.NONE, (record, reason) -> rejected.add(reason), StockSync.Options.of(Map.of("S001", 1), 200).withParkedCheck(Duration.ofMillis(200)), clock);
        quick.add(List.of(change("S001", "NEW-M", 1, 5, 5)));
        quick.flush();
        assertThat(rejected).hasSize(1);
        quick.add(List.of(change("S001", "NEW-M", 2, -1, 4))); // a later sale: absorbed, not sent, not parked again
        quick.flush();
        assertThat(rejected).hasSize(1);

        centra.applyCatalog("""
                {"products":[{"productNumber":"NEW","name":"New","variants":[{"variantNumber":"BLK","name":"Black",
                  "sizes":[{"name":"M","sku":"NEW-M"}]}]}]}""");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            quick.flush();
            assertThat(physical(1, "NEW-M")).isEqualTo(4);
        });
        assertThat(quick.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), offset);
    }

    @Test
    void shouldParkChangesOfAnUnmappedLocation() {
        sync.add(List.of(change("S999", "TEE-M", 1, -1)));
        sync.flush();

        assertThat(rejected).singleElement().asString().startsWith("[UNMAPPED_LOCATION] ");
        assertThat(centra.mutations()).isEmpty();
    }

    @Test
    void shouldSkipARedeliveredSequence() {
        sync.add(List.of(change("S001", "TEE-M", 1, -1)));
        sync.flush();
        sync.add(List.of(change("S001", "TEE-M", 1, -1)));
        sync.flush();

        assertThat(physical(1, "TEE-M")).isEqualTo(9);
        assertThat(centra.mutations()).hasSize(1);
    }

    @Test
    void shouldHoldChangesWhileRateLimitedAndSendThemOnceAfterwards() throws Exception {
        fault("{\"mode\":\"HTTP_429\",\"count\":1}");
        sync.add(List.of(change("S001", "TEE-M", 1, -4)));
        sync.flush();

        assertThat(physical(1, "TEE-M")).isEqualTo(10);
        assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 0L);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            sync.flush();
            assertThat(physical(1, "TEE-M")).isEqualTo(6);
        });
        sync.flush();
        assertThat(centra.mutations()).hasSize(1);
        assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 1L);
    }

    @Test
    void shouldReadBackAMutationWhoseAnswerWasLostInsteadOfApplyingItTwice() throws Exception {
        fault("{\"mode\":\"TIMEOUT\",\"count\":1}");
        sync.add(List.of(change("S001", "TEE-M", 1, -3)));
        sync.flush(); // applied by Centra, but the answer never comes

        assertThat(physical(1, "TEE-M")).isEqualTo(7);
        assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 0L);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            sync.flush();
            assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 1L);
        });
        assertThat(physical(1, "TEE-M")).as("applied exactly once").isEqualTo(7);
        assertThat(centra.mutations()).hasSize(1);
    }

    @Test
    void shouldNeverTakeAGraphQlErrorAnswerForAnAppliedChange() throws Exception {
        fault("{\"mode\":\"GRAPHQL_ERROR\",\"count\":1}"); // HTTP 200, "data": null, nothing applied
        sync.add(List.of(change("S001", "TEE-M", 1, -3)));
        sync.flush();

        assertThat(physical(1, "TEE-M")).isEqualTo(10);
        assertThat(sync.committableOffsets()).as("not confirmed").containsEntry(new TopicPartition(TOPIC, 0), 0L);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            sync.flush();
            assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 1L);
        });
        assertThat(physical(1, "TEE-M")).as("read back as not applied, sent again, applied once").isEqualTo(7);
        assertThat(centra.mutations()).hasSize(1);
    }

    /**
     * Centra answers nothing within the 2 s timeout and applies the mutation at 3.7 s. A read-back
     * before then finds "not applied" and the re-send doubles it (the old 1-3 s back-off after the
     * timeout read back before 3.7 s about one run in three); reading back only once Centra is done
     * with it (twice the timeout after sending) finds it applied.
     */
    @Test
    void shouldNotReadBackWhileCentraMayStillBeRunningTheMutation() throws Exception {
        Clock clock = Clock.systemUTC();
        StockSync patient = new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN,
                Duration.ofSeconds(2), clock), RateBudget.mutations(1_000, 100_000, clock),
                ReceiptLog.NONE, (record, reason) -> rejected.add(reason), StockSync.Options.of(Map.of("S001", 1), 200), clock);
        fault("{\"mode\":\"SLOW\",\"delayMs\":3700,\"count\":1}");
        patient.add(List.of(change("S001", "TEE-M", 1, -3)));
        patient.flush(); // gives up after 2 s; Centra applies it at 3.7 s

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            patient.flush();
            assertThat(patient.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 1L);
        });
        assertThat(physical(1, "TEE-M")).as("applied once").isEqualTo(7);
        assertThat(centra.mutations()).hasSize(1);
    }

    @Test
    void shouldConfirmByReadBackWhatCentraAppliedWhenItsReceiptCouldNotBeWritten() {
        Clock clock = Clock.systemUTC();
        List<String> journalled = new ArrayList<>();
        ReceiptLog brokerAwayOnce = new ReceiptLog() {
            private boolean failedOnce;

            @Override
            public Recovered recover() {
                return ReceiptLog.NONE.recover();
            }

            @Override
            public void intent(String mutationId, List<Part> parts) {
                journalled.add("PENDING " + mutationId);
            }

            @Override
            public void confirmed(String mutationId, String centraStockChangeId, List<Part> parts) {
                if (!failedOnce) {
                    failedOnce = true;
                    throw new org.apache.kafka.connect.errors.RetriableException("broker away");
                }
                journalled.add("CONFIRMED " + mutationId);
            }

            @Override
            public void failed(String mutationId, List<Part> parts, String reason) {
                journalled.add("FAILED " + mutationId);
            }
        };
        StockSync journalling = new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN,
                Duration.ofSeconds(1), clock), RateBudget.mutations(1_000, 100_000, clock),
                brokerAwayOnce, (record, reason) -> rejected.add(reason), StockSync.Options.of(Map.of("S001", 1), 200), clock);

        journalling.add(List.of(change("S001", "TEE-M", 1, -3)));
        journalling.flush(); // Centra applies it; its receipt cannot be written

        assertThat(journalling.committableOffsets()).as("not committable while unjournalled")
                .containsEntry(new TopicPartition(TOPIC, 0), 0L);
        journalling.add(List.of(change("S001", "TEE-M", 1, -3))); // re-delivered meanwhile: not sent again
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            journalling.flush();
            assertThat(journalling.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 1L);
        });
        assertThat(physical(1, "TEE-M")).as("applied once").isEqualTo(7);
        assertThat(centra.mutations()).hasSize(1);
        assertThat(journalled).hasSize(2).allMatch(line -> line.endsWith(centra.mutations().get(0).description()));
    }

    @Test
    void shouldHoldEverythingWhileCentraRefusesTheTokenAndSendItOnceItIsBack() throws Exception {
        control("PUT", "/_sim/tokens", "{\"revoked\": true}");
        sync.add(List.of(change("S001", "TEE-M", 1, -3)));
        sync.flush();

        assertThat(sync.unauthorizedSince()).as("told at the first refusal").isPresent();
        assertThat(rejected).as("nothing set aside").isEmpty();
        assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 0L);

        control("PUT", "/_sim/tokens", "{\"revoked\": false}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            sync.flush();
            assertThat(sync.committableOffsets()).containsEntry(new TopicPartition(TOPIC, 0), 1L);
        });
        assertThat(sync.unauthorizedSince()).isEmpty();
        assertThat(physical(1, "TEE-M")).as("applied once").isEqualTo(7);
        assertThat(centra.mutations()).hasSize(1);
    }

    /**
     * An audit's correction is sent, Centra applies it but its answer never comes, and the task dies
     * before it can read back (a restart): the next task gets the same correction again from the topic
     * and must find it applied by its description instead of correcting twice.
     */
    @Test
    void shouldApplyACorrectionOnceWhenItsAnswerWasLostAndTheTaskRestarted() throws Exception {
        fault("{\"mode\":\"TIMEOUT\",\"count\":1}");
        sync.addCorrections(List.of(correction("audit-1", "TEE-M", 4)));
        sync.flush(); // applied by Centra, but the answer never comes
        assertThat(physical(1, "TEE-M")).isEqualTo(14);
        assertThat(sync.committableOffsets()).as("not settled").containsEntry(new TopicPartition(CORRECTIONS, 0), 0L);

        Clock clock = Clock.systemUTC();
        StockSync restarted = new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN,
                Duration.ofSeconds(1), clock), RateBudget.mutations(1_000, 100_000, clock),
                ReceiptLog.NONE, (record, reason) -> rejected.add(reason), StockSync.Options.of(Map.of("S001", 1), 200), clock);
        restarted.recover(Duration.ofSeconds(5));
        offset = 0; // the same record, delivered again from the last committed offset
        restarted.addCorrections(List.of(correction("audit-1", "TEE-M", 4)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            restarted.flush();
            assertThat(restarted.committableOffsets()).containsEntry(new TopicPartition(CORRECTIONS, 0), 1L);
        });

        assertThat(physical(1, "TEE-M")).as("corrected once").isEqualTo(14);
        assertThat(centra.mutations()).hasSize(1);
        assertThat(rejected).isEmpty();
    }

    private CorrectionRecord correction(String audit, String sku, int delta) {
        RecordRef record = new RecordRef(CORRECTIONS, 0, offset++);
        return new CorrectionRecord(audit, "S001", sku, 1, delta, 10 + delta, 0, record);
    }

    private void control(String method, String path, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(centra.url() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private ChangeRecord change(String location, String sku, long sequence, int delta) {
        return change(location, sku, sequence, delta, 50);
    }

    private ChangeRecord change(String location, String sku, long sequence, int delta, int onHandAfter) {
        RecordRef record = new RecordRef(TOPIC, 0, offset++);
        return new ChangeRecord(location, sku, sequence, delta, onHandAfter, record);
    }

    @Test
    void shouldSpendScarceBudgetOnASizeAboutToSellOutBeforeOlderChanges() {
        centra.applyCatalog("{\"stock\":[{\"warehouseId\":2,\"sku\":\"TEE-M\",\"physical\":3}]}");
        StockSync scarce = scarce();
        scarce.add(List.of(change("S001", "TEE-L", 1, -1, 40))); // older, plenty left
        scarce.add(List.of(change("S002", "TEE-M", 1, -2, 1)));  // newer, one unit left
        scarce.flush(); // one mutation's worth of budget

        assertThat(physical(2, "TEE-M")).isEqualTo(1);
        assertThat(physical(1, "TEE-L")).as("waits for the next token").isEqualTo(10);
    }

    @Test
    void shouldPushFirstTheRemovalCentraIsOversellingWhileTheLedgerStillShowsUnits() {
        // Webshop orders reserved 4 of warehouse 2's 5 M: Centra offers 1, which the store has just sold.
        centra.applyCatalog("{\"stock\":[{\"warehouseId\":2,\"sku\":\"TEE-M\",\"physical\":5,\"allocated\":4}]}");
        SteppedClock clock = new SteppedClock();
        RateBudget budget = RateBudget.mutations(1, 100, clock);
        budget.spentEarlier(List.of(clock.instant())); // this window's mutation is spent
        StockSync withReads = new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN,
                Duration.ofSeconds(1), clock), budget,
                ReceiptLog.NONE, (record, reason) -> rejected.add(reason), StockSync.Options.of(Map.of("S001", 1, "S002", 2), 200)
                        .withFreeReads(RateBudget.requests(10, 1_000, clock)), clock);
        withReads.add(List.of(change("S001", "TEE-L", 1, -1, 9))); // older, plenty left
        withReads.add(List.of(change("S002", "TEE-M", 1, -1, 4))); // newer, and the ledger shows 4
        withReads.flush(); // nothing to spend: reads what Centra offers instead
        assertThat(centra.mutations()).isEmpty();

        clock.step(Duration.ofSeconds(12));
        withReads.flush(); // one mutation's worth of budget

        assertThat(physical(2, "TEE-M")).isEqualTo(4);
        assertThat(physical(1, "TEE-L")).as("waits for the next token").isEqualTo(10);
    }

    @Test
    void shouldJudgeByTheLedgerAloneWithoutReadingCentra() {
        centra.applyCatalog("{\"stock\":[{\"warehouseId\":2,\"sku\":\"TEE-M\",\"physical\":5,\"allocated\":4}]}");
        StockSync ledgerOnly = scarce();
        ledgerOnly.add(List.of(change("S001", "TEE-L", 1, -1, 9)));
        ledgerOnly.add(List.of(change("S002", "TEE-M", 1, -1, 4)));
        ledgerOnly.flush();

        assertThat(physical(1, "TEE-L")).as("oldest first: nothing looks at risk").isEqualTo(9);
        assertThat(physical(2, "TEE-M")).isEqualTo(5);
    }

    /** A risk-first sync with one mutation per 10 s. */
    private StockSync scarce() {
        Clock clock = Clock.systemUTC();
        return new StockSync(new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(1), clock), RateBudget.mutations(1, 100, clock),
                ReceiptLog.NONE, (record, reason) -> rejected.add(reason), StockSync.Options.of(Map.of("S001", 1, "S002", 2), 200), clock);
    }

    @Test
    void shouldChargeWhatWasSentBeforeARestart() {
        Clock clock = Clock.systemUTC();
        RateBudget budget = RateBudget.mutations(2, 100, clock);
        budget.spentEarlier(List.of(clock.instant().minusMillis(100), clock.instant().minusMillis(200)));
        assertThat(budget.tryAcquire()).as("both tokens were spent just before the restart").isFalse();
    }

    private int physical(int warehouse, String sku) {
        return centra.stock(warehouse).stream().filter(r -> r.sku().equals(sku)).mapToInt(StockRow::physical)
                .findFirst().orElse(0);
    }

    private void fault(String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(centra.url() + "/_sim/faults")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }
}
