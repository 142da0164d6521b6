package io.tillstream.centra.sink.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.StockRow;
import io.tillstream.centra.sink.TeeCentra;
import io.tillstream.centra.client.GraphQlCentraClient;
import io.tillstream.centra.client.RateBudget;
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
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read-back against a Centra without the stock-change query by description (the simulator with
 * that query switched off): the outcome of a lost answer is decided from the stock read just
 * before the mutation was sent, and an ambiguous stock stops the task instead of guessing.
 */
class StockReadBackTest {

    private static final String TOKEN = "readback-token";
    private static final String TOPIC = "stock.changes.v1";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private CentraSimulator centra;
    private GraphQlCentraClient client;
    private StockSync sync;
    private final List<String> rejected = new ArrayList<>();
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        centra = TeeCentra.oneStore(TOKEN);
        control("PUT", "/_sim/capabilities", "{\"stockChangeQuery\":false}");
        Clock clock = Clock.systemUTC();
        client = new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(1), clock);
        sync = new StockSync(client, RateBudget.mutations(1_000, 100_000, clock),
                ReceiptLog.NONE, (record, reason) -> rejected.add(reason), StockSync.Options.of(Map.of("S001", 1), 200).withReadBackByStock(true), clock);
    }

    @AfterEach
    void tearDown() {
        centra.close();
    }

    @Test
    void shouldSeeThatThisCentraCannotBeAskedByDescription() throws Exception {
        assertThat(client.wasApplied("tillstream:anything")).isEmpty();
    }

    @Test
    void shouldNotResendAMutationTheStockSaysWasApplied() throws Exception {
        withholdTheAnswerToTheMutation();
        sync.add(List.of(change("TEE-M", 1, -3), change("TEE-L", 1, -2)));
        sync.flush(); // applied, answer lost: in doubt

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            sync.flush();
            assertThat(sync.committableOffsets()).containsEntry(TP, 2L);
        });
        assertThat(physical("TEE-M")).as("applied exactly once").isEqualTo(7);
        assertThat(physical("TEE-L")).isEqualTo(8);
        assertThat(centra.mutations()).hasSize(1);
    }

    @Test
    void shouldResendAMutationTheStockSaysNeverArrived() throws Exception {
        dropTheMutation();
        sync.add(List.of(change("TEE-M", 1, -3)));
        sync.flush();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            sync.flush();
            assertThat(sync.committableOffsets()).containsEntry(TP, 1L);
        });
        assertThat(physical("TEE-M")).as("not lost, not doubled").isEqualTo(7);
        assertThat(centra.mutations()).hasSize(1);
    }

    @Test
    void shouldStopRatherThanGuessWhenSomethingElseMovedTheStock() throws Exception {
        withholdTheAnswerToTheMutation();
        sync.add(List.of(change("TEE-M", 1, -3)));
        sync.flush(); // applied (10 -> 7), answer lost
        control("POST", "/_sim/stock", "{\"warehouseId\":1,\"sku\":\"TEE-M\",\"physical\":5}"); // an admin's edit

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThatThrownBy(sync::flush)
                .isInstanceOf(SyncHalted.class)
                .hasMessageContaining("not re-sending it blindly")
                .hasMessageContaining("TEE-M 10/7/5"));
        assertThat(physical("TEE-M")).as("nothing re-sent").isEqualTo(5);
        assertThat(sync.committableOffsets()).as("nothing committed").containsEntry(TP, 0L);
    }

    /** TIMEOUT is the mutation's alone (the read before it passes): applied, then never answered. */
    private void withholdTheAnswerToTheMutation() throws Exception {
        control("POST", "/_sim/faults", "{\"mode\":\"TIMEOUT\",\"count\":1}");
    }

    /**
     * A flush reads the stock, then sends the mutation: DOWN must skip the first request and hit
     * the second. The simulator rolls a seeded random per request against the probability, so
     * pick the seed whose first roll misses and second hits.
     */
    private void dropTheMutation() throws Exception {
        long seed = 0;
        while (true) {
            java.util.Random rolls = new java.util.Random(seed);
            if (rolls.nextDouble() >= 0.5 && rolls.nextDouble() < 0.5) {
                break;
            }
            seed++;
        }
        control("POST", "/_sim/faults", "{\"mode\":\"DOWN\",\"count\":1,\"probability\":0.5,\"seed\":" + seed + "}");
    }

    private ChangeRecord change(String sku, long sequence, int delta) {
        RecordRef record = new RecordRef(TOPIC, 0, offset++);
        return new ChangeRecord("S001", sku, sequence, delta, 50, record);
    }

    private int physical(String sku) {
        return centra.stock(1).stream().filter(r -> r.sku().equals(sku)).mapToInt(StockRow::physical).sum();
    }

    private void control(String method, String path, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(centra.url() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }
}
