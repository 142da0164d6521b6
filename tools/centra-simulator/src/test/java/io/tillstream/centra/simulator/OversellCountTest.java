package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Oversells: webshop orders Centra accepts for units a store sold but had not pushed yet. */
class OversellCountTest {

    private final SimulatorHarness sim = new SimulatorHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    private JsonNode post(final String path, final String body) {
        final HttpResponse<String> response = sim.post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SimulatorHarness.parse(response.body());
    }

    private JsonNode orderOfOneM(final int quantity) {
        return post("/_sim/orders", "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": "
                + quantity + "}]}");
    }

    private JsonNode orders() {
        return SimulatorHarness.parse(sim.get("/_sim/orders").body());
    }

    @Test
    void shouldCountAnOrderForUnitsAStoreSoldButHadNotPushed() {
        // Given store 1 (10 M in Centra) sold 9 at its tills, not yet pushed
        post("/_sim/store-movements", "{\"warehouseId\": 1, \"sku\": \"CAS-TEE-BLK-M\", \"delta\": -9}");

        // When an order for 4 takes the DC's 2, then 2 from store 1, which really has 1 left
        assertThat(orderOfOneM(4).get("status").asText()).isEqualTo("ACCEPTED");

        // Then it is one oversell of one unit, not a refused order
        assertThat(orders().get("oversells").asInt()).isEqualTo(1);
        assertThat(orders().get("oversoldUnits").asInt()).isEqualTo(1);
        assertThat(orders().get("oversellAttempts").asInt()).isZero();
    }

    @Test
    void shouldNotCountOnceTheSaleIsPushedByChangeStock() {
        post("/_sim/store-movements", "{\"warehouseId\": 1, \"sku\": \"CAS-TEE-BLK-M\", \"delta\": -9}");
        sim.data(StockMutationsTest.CHANGE_STOCK, StockMutationsTest.change("pos-sync 1", null, 1,
                List.of(StockMutationsTest.sku("CAS-TEE-BLK-M", 9))));

        // Store 1 now shows 1 free: the DC's 2 and store 1's 1 are all real, the 4th unit comes from store 2
        final JsonNode accepted = orderOfOneM(4);

        assertThat(accepted.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("allocations")).hasSize(3);
        assertThat(orders().get("oversells").asInt()).isZero();
    }

    @Test
    void shouldNotCountWhatAThresholdHeldBackFromAStoreThatWentSilent() {
        // Given store 1 (10 M in Centra) sold 6 at its tills, not yet pushed, and its threshold holds back 6
        post("/_sim/store-movements", "{\"warehouseId\": 1, \"sku\": \"CAS-TEE-BLK-M\", \"delta\": -6}");
        sim.data(WarehouseThresholdTest.UPDATE_WAREHOUSE, WarehouseThresholdTest.threshold(1, 6));

        // When an order for 6 takes the DC's 2 and only the 4 store 1 really has
        assertThat(orderOfOneM(6).get("status").asText()).isEqualTo("ACCEPTED");
        // And an order for 4 is refused: store 1 sells no more than its threshold leaves, store 2 has 3
        assertThat(orderOfOneM(4).get("status").asText()).isEqualTo("REJECTED");

        // Then no order took a unit the store had sold: the refusal is an attempt, not an oversell
        assertThat(orders().get("oversells").asInt()).isZero();
        assertThat(orders().get("oversellAttempts").asInt()).isEqualTo(1);
    }

    @Test
    void shouldNotCountWithoutStoreMovementsOrForARestockNotPushed() {
        // A delivery the store received but has not pushed leaves Centra short, never oversold
        post("/_sim/store-movements", "{\"warehouseId\": 2, \"sku\": \"CAS-TEE-BLK-M\", \"delta\": 4}");

        assertThat(orderOfOneM(15).get("status").asText()).isEqualTo("ACCEPTED");

        assertThat(orders().get("oversells").asInt()).isZero();
    }

    @Test
    void shouldRefuseAMovementForAnUnknownSkuOrWithoutDelta() {
        final HttpResponse<String> unknown = sim.post("/_sim/store-movements",
                "{\"warehouseId\": 1, \"sku\": \"NOPE\", \"delta\": -1}");
        final HttpResponse<String> noDelta = sim.post("/_sim/store-movements",
                "{\"warehouseId\": 1, \"sku\": \"CAS-TEE-BLK-M\"}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(SimulatorHarness.parse(unknown.body()).get("detail").asText()).contains("NOPE");
        assertThat(noDelta.statusCode()).isEqualTo(400);
    }
}
