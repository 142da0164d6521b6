package io.tillstream.local.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.sink.CentraStockSinkConnector;
import io.tillstream.embedded.kafka.EmbeddedKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret-leak path of Kafka Connect's REST API, on a real worker: {@code PUT
 * /connector-plugins/…/config/validate} resolves {@code ${file:…}} references before it validates,
 * and a bad {@code transforms} value is echoed in the error. So whoever reaches the REST API can read
 * any file the worker's file provider may read. The worker is therefore limited to its own secrets
 * directory ({@code allowed.paths}) and its REST API is kept off the network (docker-compose.yml binds
 * it to the host's loopback); the token it must read stays readable to whoever reaches that API.
 */
class ConnectSecretsIT {

    private static final String CENTRA_TOKEN = "centra-token-that-must-not-leak";
    private static final String OTHER_SECRET = "the-brokers-scram-password";

    @TempDir
    Path dir;

    @Test
    void shouldReadNoFileOutsideItsSecretsThroughTheValidateEndpoint() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("connect-secrets"));
        Files.writeString(secrets.resolve("centra.properties"), "token=" + CENTRA_TOKEN + "\n");
        Path elsewhere = Files.createDirectories(dir.resolve("other-secrets"));
        Files.writeString(elsewhere.resolve("kafka.properties"), "password=" + OTHER_SECRET + "\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
             ConnectWorker worker = ConnectWorker.start(kafka.bootstrapServers(), "http://127.0.0.1:1",
                     dir.resolve("connect.offsets"), port, secrets)) {
            String inside = validate(worker, "${file:" + secrets.resolve("centra.properties") + ":token}");
            String outside = validate(worker, "${file:" + elsewhere.resolve("kafka.properties") + ":password}");
            // Kafka 4.4 hides a resolved value that fails validation for most settings (tasks.max answers
            // "the value resolved from the config provider reference failed validation"), but not for the
            // transforms list, whose unknown aliases it names (probed over every setting of the sink)

            // reproduced: a file the provider may read comes back in the error text of a bad value ...
            assertThat(inside).contains(CENTRA_TOKEN);
            // ... so the provider may read its own directory only: any other file is refused unread
            assertThat(outside).doesNotContain(OTHER_SECRET);
        }
    }

    /** Validates a sink config whose {@code transforms} is the given value, as an attacker would. */
    private static String validate(ConnectWorker worker, String transforms) throws Exception {
        String body = "{\"connector.class\": \"" + CentraStockSinkConnector.class.getName() + "\", \"name\": \"probe\","
                + " \"topics\": \"probe\", \"transforms\": \"" + transforms + "\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(worker.url()
                        + "/connector-plugins/" + CentraStockSinkConnector.class.getSimpleName() + "/config/validate"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
