package io.tillstream.registry.client;

import static io.tillstream.registry.Samples.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.sun.net.httpserver.HttpServer;
import io.tillstream.registry.Schemas;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockChange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

    private static EmbeddedSchemaRegistry registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.startInMemory(0);
        client = new SchemaRegistryClient(registry.url().toString());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldRegisterAndFetchBackById() {
        String subject = unique("s");

        int id = client.register(subject, StockChange.getClassSchema());

        assertThat(new SchemaRegistryClient(registry.url().toString()).getById(id))
                .as("fetched over HTTP by a fresh client").isEqualTo(StockChange.getClassSchema());
        assertThat(client.lookup(subject, StockChange.getClassSchema())).contains(id);
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void shouldReuseTheIdOfAnIdenticalSchemaUnderAnotherSubject() {
        int first = client.register(unique("a"), PosTransaction.getClassSchema());
        int second = client.register(unique("b"), PosTransaction.getClassSchema());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldSurfaceAnIncompatibleRegistrationAs409() {
        String subject = unique("evolving");
        client.register(subject, StockChange.getClassSchema());
        Schema incompatible = Schemas.withRequiredInt(StockChange.getClassSchema(), "shelf");

        assertThat(client.isCompatible(subject, incompatible)).isFalse();
        assertThat(client.isCompatible(subject, Schemas.without(StockChange.getClassSchema(), "reason")))
                .as("dropping a field is BACKWARD compatible").isTrue();
        assertThatExceptionOfType(SchemaRegistryException.class)
                .isThrownBy(() -> client.register(subject, incompatible))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.getMessage()).contains(subject).contains("shelf").contains(registry.url().toString());
                });
    }

    @Test
    void shouldTreatUnknownSubjectsAsCompatibleAndLookupsAsEmpty() {
        String subject = unique("never-registered");

        assertThat(client.isCompatible(subject, StockChange.getClassSchema())).isTrue();
        assertThat(client.lookup(subject, StockChange.getClassSchema())).isEmpty();
        client.register(subject, StockChange.getClassSchema());
        assertThat(client.lookup(subject, PosTransaction.getClassSchema()))
                .as("40403: not under this subject").isEmpty();
    }

    @Test
    void shouldReportAnUnknownIdAs40403() {
        assertThatExceptionOfType(SchemaRegistryException.class)
                .isThrownBy(() -> client.getById(987_654))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                    assertThat(e.isRetriable()).as("the registry said no: asking again changes nothing").isFalse();
                });
    }

    @Test
    void shouldAnswerFromItsCacheOnceSeen() {
        EmbeddedSchemaRegistry shortLived = EmbeddedSchemaRegistry.startInMemory(0);
        SchemaRegistryClient cached = new SchemaRegistryClient(shortLived.url().toString());
        int id = cached.register("s-value", StockChange.getClassSchema());
        shortLived.close();

        assertThat(cached.register("s-value", StockChange.getClassSchema())).isEqualTo(id);
        assertThat(cached.getById(id)).isEqualTo(StockChange.getClassSchema());
    }

    @Test
    void shouldNameTheUrlButNeverTheCredentialsWhenUnreachable() throws Exception {
        int port = closedPort();
        SchemaRegistryClient unreachable = new SchemaRegistryClient("http://alice:s3cret@127.0.0.1:" + port);

        assertThatExceptionOfType(SchemaRegistryException.class)
                .isThrownBy(unreachable::subjects)
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                    assertThat(e.isRetriable()).as("the registry may be back later").isTrue();
                    assertThat(e.getMessage()).contains("http://127.0.0.1:" + port).doesNotContain("s3cret")
                            .doesNotContain("alice");
                });
    }

    @Test
    void shouldSendBasicAuthAndAcceptAnswersWithOrWithoutSchemaType() throws Exception {
        // Under a base path, as Apicurio's Confluent-compatible API is (/apis/ccompat/v7).
        AtomicReference<String> authorization = new AtomicReference<>();
        String schema = StockChange.getClassSchema().toString().replace("\"", "\\\"");
        HttpServer stub = stub(Map.of(
                "/apis/ccompat/v7/schemas/ids/1", "{\"schema\":\"" + schema + "\"}",
                "/apis/ccompat/v7/schemas/ids/2", "{\"schema\":\"" + schema + "\",\"schemaType\":\"AVRO\"}",
                "/apis/ccompat/v7/schemas/ids/3", "{\"schema\":\"syntax = 'proto3';\",\"schemaType\":\"PROTOBUF\"}"),
                authorization);
        try {
            SchemaRegistryClient authed = new SchemaRegistryClient(Map.of(
                    "schema.registry.url", "http://127.0.0.1:" + stub.getAddress().getPort() + "/apis/ccompat/v7/",
                    "basic.auth.user.info", "alice:s3cret"));

            assertThat(authed.getById(1)).isEqualTo(StockChange.getClassSchema());
            assertThat(authed.getById(2)).isEqualTo(StockChange.getClassSchema());
            assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(() -> authed.getById(3))
                    .withMessageContaining("PROTOBUF");
            assertThat(authorization.get()).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(() -> authed.getById(4))
                    .satisfies(e -> assertThat(e.status()).isEqualTo(401))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
            assertThat(authed.toString()).doesNotContain("s3cret");
        } finally {
            stub.stop(0);
        }
    }

    /** Answers the given paths; anything else gets a non-JSON 401, as a proxy might. */
    private static HttpServer stub(Map<String, String> answers, AtomicReference<String> authorization)
            throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String answer = answers.get(exchange.getRequestURI().getPath());
            byte[] body = (answer != null ? answer : "<html>Unauthorized</html>").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer != null ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
