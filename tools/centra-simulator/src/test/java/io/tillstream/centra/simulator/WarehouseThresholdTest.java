package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A warehouse's threshold: what the webshop may not sell of each size there, invisible in the stock reads. */
class WarehouseThresholdTest {

    static final String UPDATE_WAREHOUSE = """
            mutation Update($id: Int!, $input: WarehouseUpdateInput!) {
              updateWarehouse(id: $id, input: $input) {
                warehouse { id threshold }
                userErrors { message path }
                userWarnings { message path }
              }
            }""";

    private final SimulatorHarness sim = new SimulatorHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    static Map<String, Object> threshold(final int warehouseId, final Integer threshold) {
        final Map<String, Object> input = new HashMap<>();
        input.put("threshold", threshold);
        return Map.of("id", warehouseId, "input", input);
    }

    private JsonNode order(final int quantity) {
        final HttpResponse<String> response = sim.post("/_sim/orders",
                "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": " + quantity + "}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SimulatorHarness.parse(response.body());
    }

    private int thresholdOf(final int warehouseId) {
        return sim.data("query W($id: Int!) { warehouse(id: $id) { threshold } }", Map.of("id", warehouseId))
                .at("/warehouse/threshold").asInt();
    }

    @Test
    void shouldSetAThresholdAndReadItBackAsAMutationWithItsPermissions() {
        // Given every warehouse starts without a threshold
        assertThat(sim.data("{ warehouses { id threshold } }", Map.of()).get("warehouses"))
                .extracting(w -> w.get("threshold").asInt()).containsExactly(0, 0, 0);

        // When store 1 gets a threshold of 4
        final JsonNode body = SimulatorHarness.parse(sim.graphql(UPDATE_WAREHOUSE, threshold(1, 4)).body());

        // Then the payload, the warehouse query and the list all say 4, and the others are untouched
        final JsonNode payload = body.at("/data/updateWarehouse");
        assertThat(payload.get("userErrors")).isEmpty();
        assertThat(payload.at("/warehouse/threshold").asInt()).isEqualTo(4);
        assertThat(thresholdOf(1)).isEqualTo(4);
        assertThat(sim.data("{ warehouses(where: {name: {contains: \"S00\"}}) { id threshold } }", Map.of())
                .get("warehouses")).extracting(w -> w.get("threshold").asInt()).containsExactly(4, 0);

        // And it was paid for and permitted as a mutation
        assertThat(body.at("/extensions/permissionsUsed").toString())
                .isEqualTo("[\"Warehouse:read\",\"Warehouse:write\"]");
        assertThat(sim.simulator.usage().quota("MUTATIONS", 10).used()).isEqualTo(1);

        // And sending it again changes nothing more, and an input without a threshold leaves it be
        sim.data(UPDATE_WAREHOUSE, threshold(1, 4));
        sim.data(UPDATE_WAREHOUSE, threshold(1, null));
        assertThat(thresholdOf(1)).isEqualTo(4);
    }

    @Test
    void shouldRefuseANegativeThresholdOrAnUnknownWarehouseAndChangeNothing() {
        sim.data(UPDATE_WAREHOUSE, threshold(1, 2));

        final JsonNode negative = sim.data(UPDATE_WAREHOUSE, threshold(1, -1)).get("updateWarehouse");
        final JsonNode unknown = sim.data(UPDATE_WAREHOUSE, threshold(99, 1)).get("updateWarehouse");

        assertThat(negative.get("warehouse").isNull()).isTrue();
        assertThat(negative.at("/userErrors/0/message").asText()).contains("-1");
        assertThat(negative.at("/userErrors/0/path").toString()).isEqualTo("[\"input\",\"threshold\"]");
        assertThat(unknown.get("warehouse").isNull()).isTrue();
        assertThat(unknown.at("/userErrors/0/message").asText()).contains("Warehouse 99");
        assertThat(thresholdOf(1)).isEqualTo(2);
    }

    @Test
    void shouldLetAnOrderTakeOnlyFreeToAllocateLessTheThresholdWhileStockReadsIgnoreIt() {
        // Given the UK rule [100, 1, 2] holds 2, 10 and 3 of M, and store 1 holds back 8
        sim.data(UPDATE_WAREHOUSE, threshold(1, 8));

        // When an order asks for 8: 2 + (10 - 8) + 3 = 7 can be sold
        final JsonNode refused = order(8);

        // Then it is refused whole, as any order the rule cannot cover
        assertThat(refused.get("status").asText()).isEqualTo("REJECTED");
        assertThat(sim.simulator.stock(1)).extracting(StockRow::allocated).containsExactly(0);

        // And an order for 7 takes only 2 from store 1
        final JsonNode accepted = order(7);
        assertThat(accepted.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("allocations")).filteredOn(a -> a.get("warehouseId").asInt() == 1)
                .singleElement().satisfies(a -> assertThat(a.get("quantity").asInt()).isEqualTo(2));

        // And Centra's stock reads still show store 1's free-to-allocate without the threshold
        final JsonNode stock = sim.data("""
                { warehouse(id: 1) { stock { physicalQuantity freeToAllocateQuantity } }
                  productSizes(where: {SKU: "CAS-TEE-BLK-M"}) { stockTotals { freeToAllocateQuantity } } }""",
                Map.of());
        assertThat(stock.at("/warehouse/stock/0/physicalQuantity").asInt()).isEqualTo(10);
        assertThat(stock.at("/warehouse/stock/0/freeToAllocateQuantity").asInt()).isEqualTo(8);
        assertThat(stock.at("/productSizes/0/stockTotals/freeToAllocateQuantity").asInt()).isEqualTo(15 - 7);
    }

    @Test
    void shouldSeedAThresholdFromTheCatalogAndRefuseANegativeOne() {
        final HttpResponse<String> seeded = sim.post("/_sim/catalog",
                "{\"warehouses\": [{\"id\": 3, \"name\": \"Store S003\", \"threshold\": 2}]}");
        final HttpResponse<String> negative = sim.post("/_sim/catalog",
                "{\"warehouses\": [{\"id\": 4, \"name\": \"Store S004\", \"threshold\": -2}]}");

        assertThat(seeded.statusCode()).isEqualTo(200);
        assertThat(thresholdOf(3)).isEqualTo(2);
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(sim.data("{ warehouse(id: 4) { id } }", Map.of()).get("warehouse").isNull()).isTrue();
    }
}
