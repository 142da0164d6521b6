package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StockMutationsTest {

    static final String CHANGE_STOCK = """
            mutation Change($input: StockChangeInput!) {
              changeStock(input: $input) {
                stockChange { id }
                userErrors { message path }
                userWarnings { message path }
              }
            }""";

    private final SimulatorHarness sim = new SimulatorHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    static Map<String, Object> change(final String description, final Integer into, final Integer out,
                                      final List<Map<String, Object>> sizes) {
        final Map<String, Object> input = new HashMap<>();
        input.put("description", description);
        if (into != null) {
            input.put("intoWarehouse", Map.of("id", into));
        }
        if (out != null) {
            input.put("outFromWarehouse", Map.of("id", out));
        }
        input.put("productSizes", sizes);
        return Map.of("input", input);
    }

    static Map<String, Object> sku(final String sku, final int quantity) {
        return Map.of("productSize", Map.of("SKU", sku), "quantity", quantity);
    }

    @Test
    void shouldAddRemoveAndMoveStockAndLogEachMutation() {
        // Given store 1 holds 10 M and store 2 holds 3 M
        // When stock is received, sold and moved
        sim.data(CHANGE_STOCK, change("rcv-1", 1, null, List.of(sku("CAS-TEE-BLK-M", 5))));
        sim.data(CHANGE_STOCK, change("sale-1", null, 1, List.of(sku("CAS-TEE-BLK-M", 2))));
        final JsonNode move = sim.data(CHANGE_STOCK, change("move-1", 2, 1, List.of(sku("CAS-TEE-BLK-M", 4))));

        // Then physical stock follows and every change is in the log, a move as two deltas
        assertThat(move.at("/changeStock/stockChange/id").asInt()).isPositive();
        assertThat(sim.physical(1, "CAS-TEE-BLK-M")).isEqualTo(10 + 5 - 2 - 4);
        assertThat(sim.physical(2, "CAS-TEE-BLK-M")).isEqualTo(3 + 4);
        assertThat(sim.simulator.mutations()).extracting(MutationLogEntry::description)
                .containsExactly("rcv-1", "sale-1", "move-1");
        assertThat(sim.simulator.mutations().get(2).deltas()).containsExactly(
                new MutationLogEntry.Delta(1, "CAS-TEE-BLK-M", -4), new MutationLogEntry.Delta(2, "CAS-TEE-BLK-M", 4));
    }

    @Test
    void shouldApplyTheSameDescriptionTwiceBecauseCentraHasNoIdempotency() {
        sim.data(CHANGE_STOCK, change("pos-sale rcpt 1", null, 1, List.of(sku("CAS-TEE-BLK-M", 1))));
        sim.data(CHANGE_STOCK, change("pos-sale rcpt 1", null, 1, List.of(sku("CAS-TEE-BLK-M", 1))));

        assertThat(sim.physical(1, "CAS-TEE-BLK-M")).isEqualTo(8);
        assertThat(sim.get("/_sim/mutations?description=pos-sale%20rcpt%201").body())
                .satisfies(body -> assertThat(SimulatorHarness.parse(body)).hasSize(2));
    }

    @Test
    void shouldRejectAnUnknownSkuWithItsPathAndApplyNothing() {
        final JsonNode payload = sim.data(CHANGE_STOCK, change("rcv-2", 1, null, List.of(
                sku("CAS-TEE-BLK-M", 5), sku("NO-SUCH-SKU", 1)))).get("changeStock");

        assertThat(payload.get("stockChange").isNull()).isTrue();
        assertThat(payload.at("/userErrors/0/message").asText()).contains("NO-SUCH-SKU");
        assertThat(payload.at("/userErrors/0/path").toString())
                .isEqualTo("[\"input\",\"productSizes\",\"1\",\"productSize\",\"SKU\"]");
        assertThat(sim.physical(1, "CAS-TEE-BLK-M")).isEqualTo(10);
        assertThat(sim.simulator.mutations()).isEmpty();
    }

    @Test
    void shouldRejectQuantitiesBelowOneAndUnknownWarehouses() {
        final JsonNode payload = sim.data(CHANGE_STOCK, change("bad", 99, null, List.of(sku("CAS-TEE-BLK-M", 0))))
                .get("changeStock");

        assertThat(payload.get("userErrors")).extracting(e -> e.get("message").asText())
                .anySatisfy(m -> assertThat(m).contains("Warehouse 99"))
                .anySatisfy(m -> assertThat(m).contains("greater than 0"));
        assertThat(sim.simulator.mutations()).isEmpty();
    }

    @Test
    void shouldCapAMoveAtTheSourcesFreeToAllocateAndWarn() {
        final JsonNode payload = sim.data(CHANGE_STOCK, change("move-big", 1, 2, List.of(sku("CAS-TEE-BLK-M", 5))))
                .get("changeStock");

        assertThat(payload.at("/userWarnings/0/message").asText()).contains("Moved 3 of 5");
        assertThat(sim.physical(2, "CAS-TEE-BLK-M")).isZero();
        assertThat(sim.physical(1, "CAS-TEE-BLK-M")).isEqualTo(13);
    }

    @Test
    void shouldChangeStockByVariantAndSizeNameAndByEan() {
        final int variantId = sim.data("{ productSizes(where: {SKU: \"CAS-TEE-BLK-S\"}) { productVariant { id } } }",
                Map.of()).at("/productSizes/0/productVariant/id").asInt();
        sim.data(CHANGE_STOCK, Map.of("input", Map.of("description", "by-variant", "intoWarehouse", Map.of("id", 1),
                "productVariants", List.of(Map.of("productVariant", Map.of("id", variantId),
                        "sizeChanges", List.of(Map.of("size", Map.of("name", "S"), "deliveredQuantity", 4)))))));
        sim.data(CHANGE_STOCK, Map.of("input", Map.of("description", "by-ean", "intoWarehouse", Map.of("id", 1),
                "productSizes", List.of(Map.of("productSize", Map.of("EAN", "7350000000010"), "quantity", 1)))));

        assertThat(sim.physical(1, "CAS-TEE-BLK-S")).isEqualTo(5);
    }

    @Test
    void shouldFindAnAppliedMutationByItsDescription() {
        sim.data(CHANGE_STOCK, change("pos-sale S001-T03-000123", null, 1, List.of(sku("CAS-TEE-BLK-M", 2))));

        final JsonNode changes = sim.data("""
                query Find($d: String!) {
                  stockChanges(where: {description: $d}) {
                    id description createdAt
                    lines { warehouse { id } productSize { id SKU } quantity }
                  }
                }""", Map.of("d", "pos-sale S001-T03-000123")).get("stockChanges");

        assertThat(changes).hasSize(1);
        assertThat(changes.at("/0/createdAt").asText()).isEqualTo(SimulatorHarness.START.toString());
        assertThat(changes.at("/0/lines/0/productSize/SKU").asText()).isEqualTo("CAS-TEE-BLK-M");
        assertThat(changes.at("/0/lines/0/quantity").asInt()).isEqualTo(-2);
        assertThat(sim.data("{ stockChanges(where: {description: \"never sent\"}) { id } }", Map.of())
                .get("stockChanges")).isEmpty();
    }

    @Test
    void shouldSetPhysicalAndFreeToAllocateStock() {
        sim.post("/_sim/orders", "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": 3}]}");
        final String setStock = """
                mutation Set($type: StockQuantityType!, $q: Int!) {
                  setStock(input: {warehouse: {id: 1}, description: "snapshot", stockQuantityType: $type,
                                   productSizes: [{productSize: {SKU: "CAS-TEE-BLK-M"}, quantity: $q}]}) {
                    stockChanges { id } userErrors { message path } userWarnings { message }
                  }
                }""";

        sim.data(setStock, Map.of("type", "PHYSICAL", "q", 4));
        assertThat(sim.physical(1, "CAS-TEE-BLK-M")).isEqualTo(4);
        // The order took 2 from the webshop DC and 1 from store 1: FTA 6 there means physical 7.
        sim.data(setStock, Map.of("type", "FREE_TO_ALLOCATE", "q", 6));
        assertThat(sim.physical(1, "CAS-TEE-BLK-M")).isEqualTo(7);
        final JsonNode rejected = sim.data(setStock, Map.of("type", "PHYSICAL", "q", -1)).get("setStock");
        assertThat(rejected.get("stockChanges")).isEmpty();
        assertThat(rejected.at("/userErrors/0/path").toString()).contains("quantity");
        assertThat(sim.simulator.mutations()).hasSize(2);
    }

    @Test
    void shouldChangeStockByTheUpcTheCatalogueGaveASize() {
        // Given a size seeded with a UPC of its own, unrelated to its GTIN
        assertThat(sim.post("/_sim/catalog", """
                {"products": [{"productNumber": "CAS-TEE", "variants": [{"variantNumber": "BLK", "sizes": [
                   {"name": "XL", "sku": "CAS-TEE-BLK-XL", "gtin": "7350000000031", "upc": "036000291452"}]}]}]}""")
                .statusCode()).isEqualTo(200);

        // When stock is received naming the size by UPC, then by "any"
        sim.data(CHANGE_STOCK, Map.of("input", Map.of("description", "by-upc", "intoWarehouse", Map.of("id", 1),
                "productSizes", List.of(Map.of("productSize", Map.of("UPC", "036000291452"), "quantity", 2),
                        Map.of("productSize", Map.of("any", "036000291452"), "quantity", 1)))));

        // Then both found it, and the size reads its UPC back while one seeded without a UPC has none
        assertThat(sim.physical(1, "CAS-TEE-BLK-XL")).isEqualTo(3);
        final JsonNode sizes = sim.data("""
                { xl: productSizes(where: {SKU: "CAS-TEE-BLK-XL"}) { UPC GTIN }
                  m: productSizes(where: {SKU: "CAS-TEE-BLK-M"}) { UPC } }""", Map.of());
        assertThat(sizes.at("/xl/0/UPC").asText()).isEqualTo("036000291452");
        assertThat(sizes.at("/xl/0/GTIN").asText()).isEqualTo("7350000000031");
        assertThat(sizes.at("/m/0/UPC").isNull()).isTrue();
    }
}
