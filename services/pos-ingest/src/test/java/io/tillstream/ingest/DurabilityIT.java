package io.tillstream.ingest;

import static io.tillstream.ingest.IngestApp.TOKEN_S001;
import static io.tillstream.ingest.IngestApp.TOKEN_S002;
import static io.tillstream.ingest.IngestApp.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.schemas.PosTransaction;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops in the middle of a stream of sales and batches, then comes back on the same port
 * with the same log: every request is answered 2xx or 5xx within 10 s, and every acknowledged
 * transaction is on the topic exactly once. Runs with the production ack timeout (8 s).
 */
class DurabilityIT {

    private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    private static final int SINGLE_POSTERS = 3;
    private static final int BATCH_SIZE = 5;

    @TempDir
    Path dir;

    /** What one request got: the ids it carried, its status, Retry-After, and how long it took. */
    private record Outcome(List<String> ids, int status, String retryAfter, Duration took, Instant at) {
    }

    @Test
    void shouldLoseNoAcknowledgedTransactionWhenTheBrokerStopsMidStream() throws Exception {
        int port = freePort();
        Path kafkaDir = dir.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, port);
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService posters = Executors.newFixedThreadPool(SINGLE_POSTERS + 1);
        try (IngestApp app = IngestApp.start(kafka.bootstrapServers(), dir,
                Map.of("tillstream.ingest.rate-limit.enabled", false))) {
            for (int t = 0; t < SINGLE_POSTERS; t++) {
                int poster = t;
                posters.execute(() -> postSingles(app, poster, running, outcomes));
            }
            posters.execute(() -> postBatches(app, running, outcomes));
            await().atMost(Duration.ofSeconds(20)).until(() -> count(outcomes, 202) >= 20 && count(outcomes, 200) >= 2);

            kafka.close();
            Instant stopped = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.stream()
                    .filter(o -> o.at().isAfter(stopped) && o.status() == 503).count() >= SINGLE_POSTERS + 1);

            kafka = EmbeddedKafka.start(kafkaDir, port);
            Instant restarted = Instant.now();
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.stream()
                    .filter(o -> o.at().isAfter(restarted) && o.status() == 202).count() >= 20);
            running.set(false);
            posters.shutdown();
            assertThat(posters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.status()).as("status of %s", o.ids()).isIn(200, 202, 500, 502, 503, 504);
                assertThat(o.took()).as("answer time of %s", o.ids()).isLessThanOrEqualTo(ANSWER_BOUND);
            });
            assertThat(outcomes).filteredOn(o -> o.status() == 503).isNotEmpty()
                    .allSatisfy(o -> assertThat(o.retryAfter()).isNotNull());
            List<String> acknowledged = outcomes.stream().filter(o -> o.status() == 200 || o.status() == 202)
                    .flatMap(o -> o.ids().stream()).toList();
            // An acknowledged transaction's commit is durable in the coordinator's log, but its markers reach
            // the topic a moment later, and only after the restarted coordinator has loaded that log: until
            // then read_committed readers stop short of it. Acknowledged must mean readable within a bound.
            Map<String, Long> copies = copiesOnTopic(app);
            for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                 !copies.keySet().containsAll(acknowledged) && System.nanoTime() < deadline; ) {
                Thread.sleep(1_000);
                copies = copiesOnTopic(app);
            }
            Map<String, Long> onTopic = copies;
            assertThat(acknowledged).hasSizeGreaterThan(40)
                    .allSatisfy(id -> assertThat(onTopic.get(id)).as("copies of %s on the topic", id).isEqualTo(1L));
            // Nothing is ever appended twice, acknowledged or not: the producer is idempotent.
            assertThat(onTopic.values()).containsOnly(1L);
            // A batch is one Kafka transaction: even one answered 503 is on the topic whole or not at all.
            assertThat(outcomes).filteredOn(o -> o.ids().size() == BATCH_SIZE).allSatisfy(o ->
                    assertThat(o.ids().stream().filter(onTopic::containsKey).count())
                            .as("items of %s on the topic after %d", o.ids(), o.status()).isIn(0L, (long) BATCH_SIZE));
        } finally {
            running.set(false);
            posters.shutdownNow();
            kafka.close();
        }
    }

    private static void postSingles(IngestApp app, int poster, AtomicBoolean running, Queue<Outcome> outcomes) {
        for (int n = 0; running.get() && n < 100_000; n++) {
            String id = "S001-D" + poster + "-" + n;
            outcomes.add(post(app, List.of(id), "/v1/transactions", TOKEN_S001,
                    sale(id, "S001", Instant.now().toString())));
        }
    }

    private static void postBatches(IngestApp app, AtomicBoolean running, Queue<Outcome> outcomes) {
        for (int n = 0; running.get() && n < 100_000; n++) {
            int batch = n;
            List<String> ids = IntStream.range(0, BATCH_SIZE).mapToObj(i -> "S002-DB" + batch + "-" + i).toList();
            String now = Instant.now().toString();
            outcomes.add(post(app, ids, "/v1/transactions/batch", TOKEN_S002,
                    BatchIT.batch(ids.stream().map(id -> sale(id, "S002", now)).toList())));
        }
    }

    private static Outcome post(IngestApp app, List<String> ids, String path, String token, String body) {
        long start = System.nanoTime();
        Instant at = Instant.now();
        try {
            HttpResponse<String> response = app.post(path, token, body);
            if (response.statusCode() == 200) {
                assertThat(response.body()).doesNotContain("REJECTED");
            }
            return new Outcome(ids, response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    Duration.ofNanos(System.nanoTime() - start), at);
        } catch (Exception e) {
            // No answer at all counts as a failure of the bound: status 0 fails the status assertion.
            return new Outcome(ids, 0, null, Duration.ofNanos(System.nanoTime() - start), at);
        }
    }

    private static Map<String, Long> copiesOnTopic(IngestApp app) {
        return app.committedTransactions().stream()
                .collect(Collectors.groupingBy(PosTransaction::getTransactionId, Collectors.counting()));
    }

    private static long count(Queue<Outcome> outcomes, int status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
