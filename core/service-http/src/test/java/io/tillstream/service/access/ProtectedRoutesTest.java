package io.tillstream.service.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.AccessToken;
import io.tillstream.schemas.Role;
import io.tillstream.service.http.JsonHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refusal of a protected route on the JDK server: the status, the problem+json, and nothing leaked. */
class ProtectedRoutesTest {

    private static final String FINANCE = BearerTokens.generate();
    private static final String READER = BearerTokens.generate();

    private final TokenDirectory tokens = new TokenDirectory();
    private final HttpClient client = HttpClient.newHttpClient();
    private JsonHttp http;

    @BeforeEach
    void start() {
        tokens.apply("carol", token(Role.FINANCE, FINANCE));
        tokens.apply("webshop", token(Role.STOCK_READER, READER));
        http = new JsonHttp("127.0.0.1", 0, 2, tokens)
                .resource("/v1/money", Access.anyOf(Role.FINANCE), exchange -> JsonHttp.send(exchange, 200,
                        Map.of("caller", JsonHttp.caller().name(), "requestId", JsonHttp.requestId())))
                .resource("/v1/broken", Access.anyOf(Role.FINANCE), exchange -> {
                    throw new IllegalStateException("secret internal detail " + FINANCE);
                })
                .start();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void shouldAnswer503NotAFalse401WhileTheTokensAreStillBeingRead() throws Exception {
        HttpResponse<String> loading = get("/v1/money", FINANCE);
        assertThat(loading.statusCode()).isEqualTo(503);
        assertThat(loading.headers().firstValue("Retry-After")).isPresent();
        tokens.markLoaded();
        assertThat(get("/v1/money", FINANCE).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseNoTokenAnUnknownOneTwoOfThemAndAnotherRole() throws Exception {
        tokens.markLoaded();
        for (HttpResponse<String> refused : new HttpResponse[] {get("/v1/money", null),
                get("/v1/money", BearerTokens.generate()), get("/v1/money", "Basic " + FINANCE)}) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue(JsonHttp.PROBLEM);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tillstream\"");
        }
        HttpResponse<String> two = client.send(HttpRequest.newBuilder(URI.create(http.url() + "/v1/money"))
                .header("Authorization", "Bearer " + READER).header("Authorization", "Bearer " + FINANCE).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(two.statusCode()).as("which of two callers acts would be a guess").isEqualTo(401);
        HttpResponse<String> reader = get("/v1/money", READER);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.body()).contains("STOCK_READER", "FINANCE").doesNotContain(READER);
    }

    @Test
    void shouldRefuseARevokedTokenAtOnce() throws Exception {
        tokens.markLoaded();
        assertThat(get("/v1/money", FINANCE).body()).contains("\"caller\":\"carol\"");
        tokens.apply("carol", null);
        assertThat(get("/v1/money", FINANCE).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldEchoAWellFormedRequestIdAndReplaceAnyOther() throws Exception {
        tokens.markLoaded();
        HttpResponse<String> mine = client.send(HttpRequest.newBuilder(URI.create(http.url() + "/v1/money"))
                .header("Authorization", "Bearer " + FINANCE).header("X-Request-Id", "upload-42").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mine.headers().firstValue("X-Request-Id")).hasValue("upload-42");
        assertThat(mine.body()).contains("\"requestId\":\"upload-42\"");
        HttpResponse<String> forged = client.send(HttpRequest.newBuilder(URI.create(http.url() + "/v1/money"))
                .header("Authorization", "Bearer " + FINANCE).header("X-Request-Id", "<script>alert(1)</script>").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.headers().firstValue("X-Request-Id")).hasValueSatisfying(id ->
                assertThat(id).matches("[0-9a-f-]{36}"));
    }

    @Test
    void shouldAnswerAFailureAs500WithTheRequestIdAndNoInternalDetail() throws Exception {
        tokens.markLoaded();
        HttpResponse<String> failed = get("/v1/broken", FINANCE);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue(JsonHttp.PROBLEM);
        assertThat(failed.body()).contains(failed.headers().firstValue("X-Request-Id").orElseThrow())
                .doesNotContain("secret", FINANCE, "IllegalStateException");
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.url() + path));
        if (bearer != null) {
            request.header("Authorization", bearer.startsWith("Basic ") ? bearer : "Bearer " + bearer);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AccessToken token(Role role, String token) {
        return AccessToken.newBuilder().setName("x").setRole(role).setTokenSha256(BearerTokens.sha256Hex(token))
                .setIssuedAt(Instant.EPOCH).setIssuedBy("test").build();
    }
}
