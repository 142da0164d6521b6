package io.tillstream.registry.server;

import static io.tillstream.registry.Samples.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.registry.Schemas;
import io.tillstream.schemas.StockChange;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST contract, checked with plain HTTP as any Confluent client would see it. */
class EmbeddedSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.startInMemory(0);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldServeOnLoopback() {
        assertThat(registry.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(registry.url().getPort()).isPositive();
    }

    @Test
    void shouldRegisterVersionsAndServeThem() throws Exception {
        String subject = unique("s");
        Schema v1 = StockChange.getClassSchema();
        Schema v2 = Schemas.without(v1, "reason");

        int id1 = call("POST", "/subjects/" + subject + "/versions", body(v1)).body().get("id").asInt();
        int again = call("POST", "/subjects/" + subject + "/versions", body(v1)).body().get("id").asInt();
        int id2 = call("POST", "/subjects/" + subject + "/versions", body(v2)).body().get("id").asInt();

        assertThat(again).isEqualTo(id1);
        assertThat(id2).isGreaterThan(id1);
        assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().toString()).isEqualTo("[1,2]");
        JsonNode latest = call("GET", "/subjects/" + subject + "/versions/latest", null).body();
        assertThat(latest.get("subject").asText()).isEqualTo(subject);
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(id2);
        assertThat(new Schema.Parser().parse(latest.get("schema").asText())).isEqualTo(v2);
        assertThat(call("GET", "/subjects/" + subject + "/versions/1", null).body().get("id").asInt()).isEqualTo(id1);
        assertThat(call("GET", "/subjects", null).body().toString()).contains("\"" + subject + "\"");
        JsonNode lookup = call("POST", "/subjects/" + subject, body(v1)).body();
        assertThat(lookup.get("version").asInt()).isEqualTo(1);
        assertThat(lookup.get("id").asInt()).isEqualTo(id1);
    }

    @Test
    void shouldServeSchemasById() throws Exception {
        int id = call("POST", "/subjects/" + unique("s") + "/versions", body(StockChange.getClassSchema()))
                .body().get("id").asInt();

        Response byId = call("GET", "/schemas/ids/" + id, null);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(new Schema.Parser().parse(byId.body().get("schema").asText()))
                .isEqualTo(StockChange.getClassSchema());
        JsonNode raw = call("GET", "/schemas/ids/" + id + "/schema", null).body();
        assertThat(raw.get("name").asText()).isEqualTo("StockChange");
    }

    @Test
    void shouldAnswerErrorsAsConfluentDoes() throws Exception {
        Response subject = call("GET", "/subjects/nobody/versions", null);
        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.body())
                .isEqualTo(JSON.readTree("{\"error_code\":40401,\"message\":\"Subject 'nobody' not found.\"}"));

        assertThat(call("GET", "/schemas/ids/424242", null).body().get("error_code").asInt()).isEqualTo(40403);
        String existing = unique("s");
        call("POST", "/subjects/" + existing + "/versions", body(StockChange.getClassSchema()));
        assertThat(call("GET", "/subjects/" + existing + "/versions/9", null).body().get("error_code").asInt())
                .isEqualTo(40402);
        assertThat(call("GET", "/subjects/" + existing + "/versions/zero", null).body().get("error_code").asInt())
                .isEqualTo(42202);
        Response invalid = call("POST", "/subjects/" + existing + "/versions",
                "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("error_code").asInt()).isEqualTo(42201);
        Response protobuf = call("POST", "/subjects/" + existing + "/versions",
                "{\"schema\":\"syntax = 'proto3';\",\"schemaType\":\"PROTOBUF\"}");
        assertThat(protobuf.body().get("error_code").asInt()).isEqualTo(42201);
        assertThat(call("GET", "/nowhere", null).status()).isEqualTo(404);
    }

    @Test
    void shouldRejectAnIncompatibleSchemaWith409AndReportCompatibility() throws Exception {
        String subject = unique("s");
        call("POST", "/subjects/" + subject + "/versions", body(StockChange.getClassSchema()));
        String incompatible = body(Schemas.withRequiredInt(StockChange.getClassSchema(), "shelf"));

        Response rejected = call("POST", "/subjects/" + subject + "/versions", incompatible);
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.body().get("error_code").asInt()).isEqualTo(409);
        assertThat(rejected.body().get("message").asText()).contains("incompatible").contains("shelf");
        assertThat(call("POST", "/compatibility/subjects/" + subject + "/versions/latest", incompatible).body())
                .isEqualTo(JSON.readTree("{\"is_compatible\":false}"));
        assertThat(call("POST", "/compatibility/subjects/" + subject + "/versions/1",
                body(StockChange.getClassSchema())).body().get("is_compatible").asBoolean()).isTrue();
        assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().toString()).isEqualTo("[1]");
    }

    @Test
    void shouldReportBackwardCompatibilityLevel() throws Exception {
        assertThat(call("GET", "/config", null).body())
                .isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
    }

    private static String body(Schema schema) throws Exception {
        return JSON.writeValueAsString(Map.of("schema", schema.toString()));
    }

    private record Response(int status, String contentType, JsonNode body) {
    }

    private static Response call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                JSON.readTree(response.body()));
    }
}
