package io.tillstream.ingest;

import static io.tillstream.ingest.IngestApp.TOKEN_S001;
import static io.tillstream.ingest.IngestApp.sale;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.PosTransaction;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/transactions/batch} over real HTTP, committed in Kafka transactions on a real broker. */
@ExtendWith(KafkaExtension.class)
class BatchIT {

    @TempDir
    static Path dir;
    private static IngestApp app;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        app = IngestApp.start(kafka.bootstrapServers(), dir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldCommitTheValidItemsAndRejectTheInvalidOneWithItsFields() throws Exception {
        String now = Instant.now().toString();
        String invalid = sale("S001-B1-2", "S001", now).replace("\"45.00\"", "\"44.00\"");
        HttpResponse<String> response = app.post("/v1/transactions/batch", TOKEN_S001, batch(List.of(
                sale("S001-B1-1", "S001", now), invalid, sale("S001-B1-3", "S001", now))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"results\":["
                + "{\"transactionId\":\"S001-B1-1\",\"status\":\"ACCEPTED\"},"
                + "{\"transactionId\":\"S001-B1-2\",\"status\":\"REJECTED\",\"errors\":[{\"field\":\"tenders\","
                + "\"message\":\"sum to 44.00 but the lines total 45.00\"}]},"
                + "{\"transactionId\":\"S001-B1-3\",\"status\":\"ACCEPTED\"}]}");
        assertThat(committedIds("S001-B1-")).containsExactlyInAnyOrder("S001-B1-1", "S001-B1-3");
    }

    @Test
    void shouldCommitAFullBatchOf500() throws Exception {
        String now = Instant.now().toString();
        List<String> items = IntStream.range(0, 500).mapToObj(i -> sale("S001-B2-" + i, "S001", now)).toList();

        HttpResponse<String> response = app.post("/v1/transactions/batch", TOKEN_S001, batch(items));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("REJECTED");
        assertThat(committedIds("S001-B2-")).hasSize(500).doesNotHaveDuplicates();
    }

    /** The contract's largest batch: 500 transactions of 500 lines, about 23 MB of JSON. */
    @Test
    void shouldCommitTheLargestBatchTheContractAllows() throws Exception {
        String now = Instant.now().toString();
        String line = "{\"sku\":\"CAS-TEE-BLK-M\",\"quantity\":1,\"unitPrice\":\"1.00\",\"discount\":\"0.00\",\"tax\":\"0.17\"}";
        String lines = String.join(",", Collections.nCopies(500, line));
        List<String> items = IntStream.range(0, 500).mapToObj(i -> ("{\"transactionId\":\"S001-B6-%d\",\"storeId\":\"S001\","
                + "\"tillId\":\"T03\",\"type\":\"SALE\",\"occurredAt\":\"%s\",\"currency\":\"GBP\",\"lines\":[%s],"
                + "\"tenders\":[{\"method\":\"CARD\",\"amount\":\"500.00\"}]}").formatted(i, now, lines)).toList();
        String body = batch(items);
        assertThat(body.length()).isGreaterThan(20_000_000);

        HttpResponse<String> response = app.post("/v1/transactions/batch", TOKEN_S001, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("REJECTED");
        assertThat(committedIds("S001-B6-")).hasSize(500);
    }

    @Test
    void shouldRejectAnUnknownFieldOfOneItemByItsPath() throws Exception {
        String unknown = sale("S001-B3-1", "S001", Instant.now().toString())
                .replace("\"quantity\":2", "\"quantity\":2,\"colour\":\"red\"");
        HttpResponse<String> response = app.post("/v1/transactions/batch", TOKEN_S001, batch(List.of(unknown)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"REJECTED\"", "\"field\":\"lines[0].colour\"");
    }

    @Test
    void shouldRefuseMoreThan500AndAnEmptyBatchAsProblems() throws Exception {
        String one = sale("S001-B4-1", "S001", Instant.now().toString());
        HttpResponse<String> tooMany = app.post("/v1/transactions/batch", TOKEN_S001,
                batch(Collections.nCopies(501, one)));
        HttpResponse<String> empty = app.post("/v1/transactions/batch", TOKEN_S001, "{\"transactions\":[]}");
        HttpResponse<String> unknownEnvelope = app.post("/v1/transactions/batch", TOKEN_S001,
                "{\"transactions\":[" + one + "],\"store\":\"S001\"}");

        for (HttpResponse<String> r : List.of(tooMany, empty, unknownEnvelope)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(tooMany.body()).contains("\"field\":\"transactions\"");
        assertThat(unknownEnvelope.body()).contains("\"field\":\"store\"");
        assertThat(committedIds("S001-B4-")).isEmpty();
    }

    @Test
    void shouldRefuseTheWholeBatchWhenAnItemNamesAnotherStore() throws Exception {
        String now = Instant.now().toString();
        HttpResponse<String> response = app.post("/v1/transactions/batch", TOKEN_S001,
                batch(List.of(sale("S001-B5-1", "S001", now), sale("S002-B5-2", "S002", now))));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(committedIds("S001-B5-")).isEmpty();
    }

    static String batch(List<String> items) {
        return items.stream().collect(Collectors.joining(",", "{\"transactions\":[", "]}"));
    }

    private static List<String> committedIds(String prefix) {
        return app.committedTransactions().stream().map(PosTransaction::getTransactionId)
                .filter(id -> id.startsWith(prefix)).toList();
    }
}
