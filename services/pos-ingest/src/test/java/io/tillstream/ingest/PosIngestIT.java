package io.tillstream.ingest;

import static io.tillstream.ingest.IngestApp.TOKEN_S001;
import static io.tillstream.ingest.IngestApp.TOKEN_S002;
import static io.tillstream.ingest.IngestApp.sale;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** pos-ingest over real HTTP, appending to a real broker through a real registry. */
@ExtendWith(KafkaExtension.class)
class PosIngestIT {

    @TempDir
    static Path dir;
    private static IngestApp app;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        // Kafka's and Micronaut's threads log while the test reads: the list must be thread-safe.
        LOGS.list = Collections.synchronizedList(new ArrayList<>());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(LOGS);
        root.setLevel(Level.DEBUG);
        LOGS.start();
        app = IngestApp.start(kafka.bootstrapServers(), dir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldAppendAnAcceptedSaleKeyedByStoreWithTheStoresBusinessDate() throws Exception {
        // 14:30 UTC is already the next day in Sydney.
        HttpResponse<String> response = app.post("/v1/transactions", TOKEN_S001,
                sale("S001-IT-1", "S001", "2026-11-25T14:30:00Z"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"transactionId\":\"S001-IT-1\"", "\"status\":\"ACCEPTED\"");
        ConsumerRecord<String, SpecificRecord> record = find("S001-IT-1");
        PosTransaction event = (PosTransaction) record.value();
        assertThat(record.key()).isEqualTo("S001");
        assertThat(event.getBusinessDate()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(event.getLines().get(0).getUnitPrice()).isEqualByComparingTo("25.00");
    }

    @Test
    void shouldRefuseAWrongTokenAnotherStoreAndNoTokenWithProblems() throws Exception {
        String sale = sale("S002-IT-2", "S002", Instant.now().toString());
        HttpResponse<String> wrong = app.post("/v1/transactions", "not-a-token", sale);
        HttpResponse<String> crossStore = app.post("/v1/transactions", TOKEN_S001, sale);
        // the token is the problem, whatever else is wrong with the body
        HttpResponse<String> crossStoreTypo = app.post("/v1/transactions", TOKEN_S001,
                sale.replace("\"quantity\":2", "\"quantity\":2,\"colour\":\"red\""));
        HttpResponse<String> none = app.post("/v1/transactions", null, sale);
        HttpResponse<String> twoTokens = app.post("/v1/transactions", List.of(TOKEN_S001, TOKEN_S002),
                "application/json", sale);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(crossStore.statusCode()).isEqualTo(403);
        assertThat(crossStoreTypo.statusCode()).as(crossStoreTypo.body()).isEqualTo(403);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(twoTokens.statusCode()).as("which store writes would be a guess").isEqualTo(401);
        for (HttpResponse<String> r : List.of(wrong, crossStore, none)) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(crossStore.body()).contains("\"errors\":[{\"field\":\"storeId\"");
        assertThat(none.body()).contains("\"errors\":[{\"field\":\"Authorization\"");
    }

    @Test
    void shouldNameEveryInvalidFieldAndAppendNothing() throws Exception {
        HttpResponse<String> response = app.post("/v1/transactions", TOKEN_S001,
                sale("S001-IT-3", "S001", Instant.now().toString()).replace("\"45.00\"", "\"44.00\"")
                        .replace("\"quantity\":2", "\"quantity\":2,\"colour\":\"red\""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"lines[0].colour\"");
        HttpResponse<String> sums = app.post("/v1/transactions", TOKEN_S001,
                sale("S001-IT-3", "S001", Instant.now().toString()).replace("\"45.00\"", "\"44.00\""));
        assertThat(sums.statusCode()).isEqualTo(400);
        assertThat(sums.body()).contains("\"field\":\"tenders\"");
        assertThat(app.committedTransactions()).noneMatch(t -> t.getTransactionId().equals("S001-IT-3"));
    }

    @Test
    void shouldAnswerWrongContentTypeWithAProblem() throws Exception {
        HttpResponse<String> response = app.post("/v1/transactions", TOKEN_S001, "text/plain", "hello");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        // no field is at fault, and the shape is still the one every problem has
        assertThat(response.body()).contains("\"errors\":[]");
    }

    @Test
    void shouldNeverLogATokenEvenWhenItIsWrong() throws Exception {
        app.post("/v1/transactions", TOKEN_S001, sale("S001-IT-5", "S001", Instant.now().toString()));
        app.post("/v1/transactions", "wrong-" + TOKEN_S002, sale("S002-IT-5", "S002", Instant.now().toString()));

        List<ILoggingEvent> logged;
        synchronized (LOGS.list) {
            logged = new ArrayList<>(LOGS.list);
        }
        assertThat(logged).isNotEmpty();
        assertThat(logged).noneMatch(e -> e.getFormattedMessage().contains(TOKEN_S001)
                || e.getFormattedMessage().contains(TOKEN_S002));
    }

    private static ConsumerRecord<String, SpecificRecord> find(String transactionId) {
        return app.committedRecords(Topics.POS_TRANSACTIONS).stream()
                .filter(r -> ((PosTransaction) r.value()).getTransactionId().equals(transactionId)).findFirst()
                .orElseThrow(() -> new AssertionError(transactionId + " is not on the topic"));
    }
}
