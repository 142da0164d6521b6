package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GraphQlProtocolTest {

    private static final String WAREHOUSES = "{ warehouses { id name } }";

    private final SimulatorHarness sim = new SimulatorHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void shouldRefuseAMissingOrBadTokenWith403() {
        final HttpResponse<String> bad = sim.graphqlWith("Bearer wrong", WAREHOUSES, Map.of());
        final HttpResponse<String> missing = sim.graphqlWith(null, WAREHOUSES, Map.of());

        assertThat(bad.statusCode()).isEqualTo(403);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(SimulatorHarness.parse(bad.body()).at("/errors/0/extensions/category").asText())
                .isEqualTo("authorization");
        assertThat(bad.body()).doesNotContain("wrong");
    }

    @Test
    void shouldAcceptTheTokenAsGraphqlAccessCookie() {
        final HttpRequest request = sim.graphqlRequest(WAREHOUSES, Map.of())
                .header("Cookie", "theme=dark; graphql-access=" + SimulatorHarness.TOKEN).build();

        assertThat(sim.send(request).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerWithDataAndCentrasExtensions() {
        final JsonNode body = SimulatorHarness.parse(sim.graphql(
                "{ warehouses(where: {name: {contains: \"store\"}}) { id name } }", Map.of()).body());

        assertThat(body.at("/data/warehouses")).extracting(w -> w.get("id").asInt()).containsExactly(1, 2);
        assertThat(body.at("/extensions/complexity").asLong()).isEqualTo(5);
        assertThat(body.at("/extensions/permissionsUsed/0").asText()).isEqualTo("Warehouse:read");
        assertThat(body.at("/extensions/appVersion").asText()).isNotBlank();
    }

    @Test
    void shouldAnswer400WhenTheQueryDoesNotParseOrValidate() {
        final HttpResponse<String> syntax = sim.graphql("{ warehouses { id ", Map.of());
        final HttpResponse<String> unknownField = sim.graphql("{ warehouses { colour } }", Map.of());

        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(SimulatorHarness.parse(unknownField.body()).at("/errors/0/message").asText()).contains("colour");
    }

    @Test
    void shouldAnswer200WithErrorsForAnOutOfRangeLimit() {
        final HttpResponse<String> response = sim.graphql("{ products(limit: 500) { id } }", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimulatorHarness.parse(response.body()).at("/errors/0/message").asText())
                .contains("limit must be between 1 and 200");
    }

    @Test
    void shouldReadStockThroughSizesWarehousesAndPages() {
        final JsonNode size = sim.data("""
                { productSizes(where: {GTIN: "7350000000017"}) {
                    SKU sizeNumber productVariant { variantNumber product { productNumber } }
                    stock { warehouse { id } physicalQuantity freeToAllocateQuantity }
                } }""", Map.of()).at("/productSizes/0");
        assertThat(size.get("SKU").asText()).isEqualTo("CAS-TEE-BLK-M");
        assertThat(size.at("/productVariant/product/productNumber").asText()).isEqualTo("CAS-TEE");
        assertThat(size.get("stock")).extracting(s -> s.at("/warehouse/id").asInt()).containsExactly(1, 2, 100);

        final JsonNode pages = sim.data("""
                { first: warehouses(limit: 2, page: 1) { id }
                  second: warehouses(limit: 2, page: 2) { id }
                  store: warehouse(id: 2) { stock { physicalQuantity productSize { SKU } } }
                  markets { name allocationRule { warehouses { id } } } }""", Map.of());
        assertThat(pages.get("first")).hasSize(2);
        assertThat(pages.get("second")).hasSize(1);
        assertThat(pages.at("/store/stock/0/physicalQuantity").asInt()).isEqualTo(3);
        assertThat(pages.at("/markets/0/allocationRule/warehouses")).extracting(w -> w.get("id").asInt())
                .containsExactly(100, 1, 2);
    }

    @Test
    void shouldSumASizesStockOverEveryWarehouseInStockTotals() {
        // Given M is held in store 1, store 2 and the webshop DC (10 + 3 + 2) and an order allocated 3 of it
        sim.post("/_sim/orders", "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": 3}]}");

        // When its totals are read
        final JsonNode body = SimulatorHarness.parse(sim.graphql("""
                { productSizes(where: {SKU: "CAS-TEE-BLK-M"}) { stockTotals {
                    physicalQuantity allocatedQuantity freeToAllocateQuantity demandQuantity availableNowQuantity
                } } }""", Map.of()).body());

        // Then they sum the three warehouses
        final JsonNode totals = body.at("/data/productSizes/0/stockTotals");
        assertThat(totals.get("physicalQuantity").asInt()).isEqualTo(15);
        assertThat(totals.get("allocatedQuantity").asInt()).isEqualTo(3);
        assertThat(totals.get("freeToAllocateQuantity").asInt()).isEqualTo(12);
        assertThat(totals.get("demandQuantity").asInt()).isZero();
        assertThat(totals.get("availableNowQuantity").asInt()).isEqualTo(12);

        // And they need their own permission and cost one point per field, FTA free, however many warehouses
        assertThat(body.at("/extensions/permissionsUsed").toString())
                .isEqualTo("[\"Product:read\",\"ProductSize.stockTotals:read\"]");
        assertThat(body.at("/extensions/complexity").asLong()).as("productSizes, stockTotals, 4 paid quantities")
                .isEqualTo(6);

        // And a size no warehouse holds totals zero rather than null
        assertThat(sim.data("{ productSizes(where: {SKU: \"CAS-TEE-BLK-S\"}) { stockTotals { physicalQuantity } } }",
                Map.of()).at("/productSizes/0/stockTotals/physicalQuantity").asInt()).isZero();
    }
}
