package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlEndpointsTest {

    private final SimulatorHarness sim = new SimulatorHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    private JsonNode order(final int quantity) {
        final HttpResponse<String> response = sim.post("/_sim/orders",
                "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": " + quantity + "}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        return SimulatorHarness.parse(response.body());
    }

    @Test
    void shouldAllocateAlongTheMarketsRuleAndRejectAnOversell() {
        // Given the UK rule is [100, 1, 2] holding 2, 10 and 3 free to allocate
        // When an order for 4 arrives
        final JsonNode accepted = order(4);

        // Then the webshop DC is emptied first, then store 1
        assertThat(accepted.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("allocations").toString()).isEqualTo(
                "[{\"warehouseId\":100,\"sku\":\"CAS-TEE-BLK-M\",\"quantity\":2},"
                        + "{\"warehouseId\":1,\"sku\":\"CAS-TEE-BLK-M\",\"quantity\":2}]");
        assertThat(sim.get("/_sim/stock?warehouseId=1&sku=CAS-TEE-BLK-M").body())
                .isEqualTo("[{\"warehouseId\":1,\"sku\":\"CAS-TEE-BLK-M\",\"physical\":10,\"allocated\":2,"
                        + "\"freeToAllocate\":8}]");

        // And an order beyond the remaining 11 is refused whole and counted
        final JsonNode rejected = order(12);
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("allocations")).isEmpty();
        assertThat(SimulatorHarness.parse(sim.get("/_sim/orders").body()).get("oversellAttempts").asInt()).isEqualTo(1);
        assertThat(sim.simulator.stock(1)).extracting(StockRow::allocated).containsExactly(2);
    }

    @Test
    void shouldDropTheStockChangeQueryLikeACentraWithoutIt() {
        final String readBack = "query { stockChanges(where: {description: \"x\"}) { id } }";
        assertThat(sim.graphql(readBack, Map.of()).statusCode()).isEqualTo(200);

        final HttpResponse<String> off = sim.send(java.net.http.HttpRequest.newBuilder(
                        sim.simulator.url().resolve("/_sim/capabilities")).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"stockChangeQuery\": false}")).build());
        assertThat(off.body()).isEqualTo("{\"stockChangeQuery\":false,\"stockQuery\":false}");

        final HttpResponse<String> refused = sim.graphql(readBack, Map.of());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("stockChanges").contains("undefined");
        assertThat(sim.graphql("query { warehouses { id } }", Map.of()).statusCode()).as("the rest still works")
                .isEqualTo(200);
    }

    @Test
    void shouldOfferTheTopLevelStockQueryOnlyWhenSwitchedOnAsCentraHasNone() {
        final String topLevel = "query { stock(limit: 1) { physicalQuantity } }";
        final HttpResponse<String> refused = sim.graphql(topLevel, Map.of());
        assertThat(refused.statusCode()).as("Centra reads stock through warehouses and sizes only").isEqualTo(400);
        assertThat(refused.body()).contains("'stock' in type 'Query' is undefined");
        assertThat(sim.graphql("query { warehouses { stock(limit: 1) { physicalQuantity } } }", Map.of()).statusCode())
                .isEqualTo(200);

        sim.send(java.net.http.HttpRequest.newBuilder(sim.simulator.url().resolve("/_sim/capabilities"))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"stockQuery\": true}")).build());

        assertThat(sim.graphql(topLevel, Map.of()).body()).contains("physicalQuantity");
    }

    @Test
    void shouldShipAnOrderLoweringPhysicalAndAllocated() {
        final int orderId = order(3).get("orderId").asInt();

        assertThat(sim.post("/_sim/orders/" + orderId + "/ship", "").statusCode()).isEqualTo(200);

        assertThat(sim.simulator.stock(100)).singleElement().satisfies(row -> {
            assertThat(row.physical()).isZero();
            assertThat(row.allocated()).isZero();
        });
        assertThat(sim.simulator.stock(1)).singleElement().satisfies(row -> {
            assertThat(row.physical()).isEqualTo(9);
            assertThat(row.allocated()).isZero();
        });
        assertThat(sim.post("/_sim/orders/" + orderId + "/ship", "").statusCode()).isEqualTo(409);
    }

    @Test
    void shouldLogAManualEdit() {
        final HttpResponse<String> response = sim.post("/_sim/stock",
                "{\"warehouseId\": 2, \"sku\": \"CAS-TEE-BLK-M\", \"physical\": 7}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sim.physical(2, "CAS-TEE-BLK-M")).isEqualTo(7);
        assertThat(sim.simulator.mutations()).singleElement().satisfies(m -> {
            assertThat(m.description()).isEqualTo("manual edit");
            assertThat(m.deltas()).containsExactly(new MutationLogEntry.Delta(2, "CAS-TEE-BLK-M", 4));
        });
    }

    @Test
    void shouldApplyACatalogIdempotently() {
        final String more = """
                {"products": [{"productNumber": "CAS-TEE", "variants": [{"variantNumber": "BLK", "sizes": [
                   {"name": "M", "sku": "CAS-TEE-BLK-M"}, {"name": "XL", "sku": "CAS-TEE-BLK-XL"}]}]}]}""";

        final JsonNode first = SimulatorHarness.parse(sim.post("/_sim/catalog", more).body());
        final JsonNode second = SimulatorHarness.parse(sim.post("/_sim/catalog", more).body());

        assertThat(first.get("sizes").asInt()).isEqualTo(1);
        assertThat(first.get("products").asInt()).isZero();
        assertThat(second.get("sizes").asInt()).isZero();
    }

    @Test
    void shouldAnswerProblemJsonForBadRequests() {
        final HttpResponse<String> unknownSku = sim.post("/_sim/stock",
                "{\"warehouseId\": 1, \"sku\": \"NOPE\", \"physical\": 1}");
        final HttpResponse<String> unknownField = sim.post("/_sim/catalog", "{\"produce\": []}");
        final HttpResponse<String> badStock = sim.post("/_sim/catalog",
                "{\"stock\": [{\"warehouseId\": 1, \"sku\": \"NOPE\", \"physical\": 1}]}");

        assertThat(unknownSku.statusCode()).isEqualTo(400);
        assertThat(unknownSku.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(SimulatorHarness.parse(unknownSku.body()).get("detail").asText()).contains("NOPE");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(badStock.statusCode()).isEqualTo(400);
        assertThat(sim.get("/_sim/nothing").statusCode()).isEqualTo(404);
        assertThat(sim.get("/_sim/health").statusCode()).isEqualTo(200);
        assertThat(SimulatorHarness.parse(sim.get("/_sim/usage").body()).get("tier").asText()).isEqualTo("GROWTH");
    }

    @Test
    void shouldRefuseACatalogGivingOneUpcToTwoSizes() {
        final String first = """
                {"products": [{"productNumber": "CAS-TEE", "variants": [{"variantNumber": "BLK", "sizes": [
                   {"name": "XL", "sku": "CAS-TEE-BLK-XL", "upc": "036000291452"}]}]}]}""";
        final String second = first.replace("\"XL\"", "\"XXL\"").replace("BLK-XL", "BLK-XXL");

        assertThat(sim.post("/_sim/catalog", first).statusCode()).isEqualTo(200);
        assertThat(sim.post("/_sim/catalog", first).statusCode()).as("the same size again is harmless").isEqualTo(200);
        final HttpResponse<String> clash = sim.post("/_sim/catalog", second);

        assertThat(clash.statusCode()).isEqualTo(400);
        assertThat(SimulatorHarness.parse(clash.body()).get("detail").asText())
                .isEqualTo("UPC 036000291452 already belongs to CAS-TEE-BLK-XL");
        assertThat(sim.data("{ productSizes(where: {SKU: \"CAS-TEE-BLK-XXL\"}) { id } }", Map.of())
                .get("productSizes")).as("nothing of the refused catalog was added").isEmpty();
    }
}
