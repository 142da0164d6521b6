package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final SimulatorHarness sim = new SimulatorHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    private HttpResponse<String> receiveOne(final String description) {
        return sim.graphql(StockMutationsTest.CHANGE_STOCK, StockMutationsTest.change(description, 1, null,
                List.of(StockMutationsTest.sku("CAS-TEE-BLK-M", 1))));
    }

    @Test
    void shouldThrottleThe21stMutationWithin10SecondsOnGrowthUntilTheWindowPasses() {
        // Given the clock stands still and 20 mutations (GROWTH's 10 s quota) went through
        for (int i = 1; i <= 20; i++) {
            assertThat(receiveOne("rcv-" + i).statusCode()).isEqualTo(200);
        }

        // When the 21st arrives in the same instant
        final HttpResponse<String> throttled = receiveOne("rcv-21");

        // Then it is refused with a Retry-After timestamp in the future and nothing is applied
        assertThat(throttled.statusCode()).isEqualTo(429);
        final String retryAfter = throttled.headers().firstValue("Retry-After").orElseThrow();
        final Instant retryAt = ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(retryAt).isAfter(sim.clock.instant());
        assertThat(retryAfter).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(SimulatorHarness.parse(throttled.body()).at("/errors/0/message").asText()).contains("MUTATIONS");
        assertThat(sim.simulator.mutations()).hasSize(20);
        assertThat(sim.physical(1, "CAS-TEE-BLK-M")).isEqualTo(30);

        // And once the window has passed the same call works
        sim.clock.advance(Duration.ofSeconds(10));
        assertThat(receiveOne("rcv-21").statusCode()).isEqualTo(200);
        assertThat(sim.simulator.mutations()).hasSize(21);
    }

    @Test
    void shouldReportUsageInTheRateLimitsQuery() {
        receiveOne("a");
        receiveOne("b");
        receiveOne("c");

        final JsonNode limits = sim.data("{ rateLimits { type intervalSeconds quota usedQuota remainingQuota } }",
                Map.of()).get("rateLimits");

        assertThat(limits).hasSize(6);
        final JsonNode mutations10s = find(limits, "MUTATIONS", 10);
        assertThat(mutations10s.get("quota").asInt()).isEqualTo(20);
        assertThat(mutations10s.get("usedQuota").asInt()).isEqualTo(3);
        assertThat(mutations10s.get("remainingQuota").asInt()).isEqualTo(17);
        assertThat(find(limits, "REQUESTS", 10).get("usedQuota").asInt()).isEqualTo(4);
        assertThat(find(limits, "MUTATIONS", 3600).get("quota").asInt()).isEqualTo(1800);
        assertThat(sim.simulator.usage().quota("MUTATIONS", 10).used()).isEqualTo(3);
        assertThat(sim.simulator.usage().summary()).startsWith("mutations 3/20 per 10s");
    }

    @Test
    void shouldCountAliasedMutationsSeparately() {
        final String twoInOne = """
                mutation {
                  a: changeStock(input: {description: "a", intoWarehouse: {id: 1},
                                         productSizes: [{productSize: {SKU: "CAS-TEE-BLK-M"}, quantity: 1}]}) { stockChange { id } }
                  b: changeStock(input: {description: "b", intoWarehouse: {id: 1},
                                         productSizes: [{productSize: {SKU: "CAS-TEE-BLK-M"}, quantity: 1}]}) { stockChange { id } }
                }""";

        sim.data(twoInOne, Map.of());

        assertThat(sim.simulator.usage().quota("MUTATIONS", 10).used()).isEqualTo(2);
        assertThat(sim.simulator.usage().quota("REQUESTS", 10).used()).isEqualTo(1);
    }

    private static JsonNode find(final JsonNode limits, final String type, final int interval) {
        for (JsonNode limit : limits) {
            if (limit.get("type").asText().equals(type) && limit.get("intervalSeconds").asInt() == interval) {
                return limit;
            }
        }
        throw new AssertionError("no " + type + "/" + interval + " in " + limits);
    }
}
