package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private final SimulatorHarness sim = new SimulatorHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    private static Map<String, Object> receiveOne(final String description) {
        return StockMutationsTest.change(description, 1, null, List.of(StockMutationsTest.sku("CAS-TEE-BLK-M", 1)));
    }

    @Test
    void shouldFailTwiceWith500ThenSucceed() {
        assertThat(sim.post("/_sim/faults", "{\"mode\": \"HTTP_500\", \"count\": 2}").statusCode()).isEqualTo(200);

        final List<Integer> statuses = List.of(1, 2, 3).stream()
                .map(i -> sim.graphql(StockMutationsTest.CHANGE_STOCK, receiveOne("try-" + i)).statusCode())
                .toList();

        assertThat(statuses).containsExactly(500, 500, 200);
        assertThat(sim.simulator.mutations()).extracting(MutationLogEntry::description).containsExactly("try-3");
    }

    @Test
    void shouldApplyTheMutationButNeverAnswerOnTimeout() throws Exception {
        sim.post("/_sim/faults", "{\"mode\": \"TIMEOUT\", \"count\": 1}");
        final HttpRequest request = sim.graphqlRequest(StockMutationsTest.CHANGE_STOCK, receiveOne("lost-ack"))
                .header("Authorization", "Bearer " + SimulatorHarness.TOKEN).timeout(Duration.ofMillis(500)).build();

        assertThatThrownBy(() -> sim.http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(SimulatorHarness.parse(sim.get("/_sim/mutations?description=lost-ack").body())).hasSize(1);
        assertThat(sim.graphql(StockMutationsTest.CHANGE_STOCK, receiveOne("next")).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldLeaveQueriesAloneOnTimeout() throws Exception {
        sim.post("/_sim/faults", "{\"mode\": \"TIMEOUT\", \"count\": 1}");

        assertThat(sim.graphql("{ rateLimits { type } }", Map.of()).statusCode()).as("a read passes").isEqualTo(200);
        final HttpRequest mutation = sim.graphqlRequest(StockMutationsTest.CHANGE_STOCK, receiveOne("withheld"))
                .header("Authorization", "Bearer " + SimulatorHarness.TOKEN).timeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> sim.http.send(mutation, HttpResponse.BodyHandlers.ofString()))
                .as("the fault is still there for the mutation").isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void shouldDropTheConnectionWhenDownAndThrottleOnInjected429() {
        sim.post("/_sim/faults", "{\"mode\": \"DOWN\", \"count\": 1}");
        assertThatThrownBy(() -> sim.graphql(StockMutationsTest.CHANGE_STOCK, receiveOne("down")))
                .hasCauseInstanceOf(IOException.class);

        sim.post("/_sim/faults", "{\"mode\": \"HTTP_429\", \"durationMs\": 15000}");
        final HttpResponse<String> throttled = sim.graphql(StockMutationsTest.CHANGE_STOCK, receiveOne("busy"));
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();

        sim.clock.advance(Duration.ofSeconds(15));
        assertThat(sim.graphql(StockMutationsTest.CHANGE_STOCK, receiveOne("later")).statusCode()).isEqualTo(200);
        assertThat(sim.simulator.mutations()).extracting(MutationLogEntry::description).containsExactly("later");
    }

    @Test
    void shouldAnswer200WithNullDataAndAnErrorWhenARootFieldFails() {
        sim.post("/_sim/faults", "{\"mode\": \"GRAPHQL_ERROR\", \"count\": 1}");

        final HttpResponse<String> failed = sim.graphql(StockMutationsTest.CHANGE_STOCK, receiveOne("failed"));

        assertThat(failed.statusCode()).as("an HTTP success that is no success").isEqualTo(200);
        assertThat(failed.body()).contains("\"data\":null").contains("\"errors\":[{\"message\":");
        assertThat(sim.simulator.mutations()).as("nothing applied").isEmpty();
        assertThat(sim.graphql(StockMutationsTest.CHANGE_STOCK, receiveOne("next")).body()).doesNotContain("errors");
    }

    @Test
    void shouldHitAboutTheRequestedShareWithAProbability() {
        sim.post("/_sim/faults", "{\"mode\": \"HTTP_500\", \"probability\": 0.5, \"seed\": 7}");

        final long failures = IntStream.range(0, 20)
                .map(i -> sim.graphql("{ warehouses { id } }", Map.of()).statusCode())
                .filter(status -> status == 500).count();
        sim.delete("/_sim/faults");

        assertThat(failures).isBetween(4L, 16L);
        assertThat(sim.graphql("{ warehouses { id } }", Map.of()).statusCode()).isEqualTo(200);
    }
}
