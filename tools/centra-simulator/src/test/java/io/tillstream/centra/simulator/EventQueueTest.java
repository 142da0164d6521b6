package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private static final String EVENTS = """
            { events(where: {objectType: [StockChange]}, limit: 50) {
                id objectType changeType objectReference
                object { ... on StockChange { description } }
            } }""";

    private final SimulatorHarness sim = new SimulatorHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    private int order(final String market, final int quantity) {
        final HttpResponse<String> response = sim.post("/_sim/orders", "{\"market\": \"" + market
                + "\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": " + quantity + "}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SimulatorHarness.parse(response.body()).get("orderId").asInt();
    }

    private void listen(final String objectTypes) {
        sim.data("mutation { setEventListeners(input: [" + objectTypes + "]) { eventListeners { objectType } } }",
                Map.of());
    }

    @Test
    void shouldQueueStockChangeEventsOnlyAfterAListenerIsSetUntilConfirmed() {
        // Given a change made before anyone listened
        sim.post("/_sim/stock", "{\"warehouseId\": 1, \"sku\": \"CAS-TEE-BLK-M\", \"physical\": 9}");

        // When the integration listens and stock changes by API and by hand
        final JsonNode listeners = sim.data("""
                mutation { setEventListeners(input: [{objectType: StockChange}]) {
                    eventListeners { objectType changeTypes } userErrors { message } } }""", Map.of());
        assertThat(listeners.at("/setEventListeners/eventListeners/0/changeTypes")).hasSize(5);
        sim.data(StockMutationsTest.CHANGE_STOCK, StockMutationsTest.change("rcv-1", 1, null,
                List.of(StockMutationsTest.sku("CAS-TEE-BLK-M", 1))));
        sim.post("/_sim/stock", "{\"warehouseId\": 2, \"sku\": \"CAS-TEE-BLK-M\", \"physical\": 0}");

        // Then exactly those two are queued, oldest first
        final JsonNode events = sim.data(EVENTS, Map.of()).get("events");
        assertThat(events).extracting(e -> e.at("/object/description").asText())
                .containsExactly("rcv-1", "manual edit");
        assertThat(events.at("/0/changeType").asText()).isEqualTo("CREATED");

        // And confirming them empties the queue
        final List<Integer> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.get("id").asInt()));
        final JsonNode confirmed = sim.data("""
                mutation Confirm($ids: [Int!]!) { confirmEvents(input: {eventsIds: $ids}) {
                    events { id } userErrors { message } userWarnings { message } } }""", Map.of("ids", ids));
        assertThat(confirmed.at("/confirmEvents/events")).hasSize(2);
        assertThat(sim.data(EVENTS, Map.of()).get("events")).isEmpty();
    }

    @Test
    void shouldQueueProductSizeEventsForNewSizes() {
        sim.data("mutation { setEventListeners(input: [{objectType: ProductSize, changeTypes: [CREATED]}]) "
                + "{ eventListeners { objectType } } }", Map.of());

        sim.simulator.applyCatalog("""
                {"products": [{"productNumber": "CAS-TEE", "variants": [{"variantNumber": "BLK", "sizes": [
                   {"name": "XL", "sku": "CAS-TEE-BLK-XL"}]}]}]}""");

        final JsonNode events = sim.data("{ events(where: {objectType: [ProductSize]}) { object { ... on ProductSize "
                + "{ SKU } } } }", Map.of()).get("events");
        assertThat(events).extracting(e -> e.at("/object/SKU").asText()).containsExactly("CAS-TEE-BLK-XL");
    }

    @Test
    void shouldQueueAnOrderCreatedEventForEachAcceptedOrderOnly() {
        // Given an order placed before anyone listened
        order("UK", 1);

        // When the integration listens for orders, one is accepted, one refused for lack of stock, and stock edited
        listen("{objectType: Order}");
        final int accepted = order("UK", 3);
        order("UK", 99);
        sim.post("/_sim/stock", "{\"warehouseId\": 2, \"sku\": \"CAS-TEE-BLK-M\", \"physical\": 5}");

        // Then only the accepted order is queued, referenced by its number
        final String query = """
                { events(where: {objectType: [Order]}) {
                    objectType changeType objectReference
                    object { ... on Order {
                        id number status market { name }
                        lines { productSize { SKU } productNumber size quantity }
                        allocations { warehouse { id } productSize { SKU } quantity }
                    } }
                } }""";
        final JsonNode events = sim.data(query, Map.of()).get("events");
        assertThat(events).hasSize(1);
        assertThat(sim.data("{ events { objectType } }", Map.of()).get("events")).as("no other type listened to")
                .hasSize(1);
        final JsonNode event = events.get(0);
        assertThat(event.get("objectType").asText()).isEqualTo("Order");
        assertThat(event.get("changeType").asText()).isEqualTo("CREATED");
        assertThat(event.get("objectReference").asInt()).isEqualTo(accepted);

        // And its object tells what was ordered, in which market and from where: the DC's last 1, then store 1
        final JsonNode order = event.get("object");
        assertThat(order.get("number").asInt()).isEqualTo(accepted);
        assertThat(order.get("id").asText()).isEqualTo(String.valueOf(accepted));
        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(order.at("/market/name").asText()).isEqualTo("UK");
        assertThat(order.get("lines").toString()).isEqualTo("[{\"productSize\":{\"SKU\":\"CAS-TEE-BLK-M\"},"
                + "\"productNumber\":\"CAS-TEE\",\"size\":\"M\",\"quantity\":3}]");
        assertThat(order.get("allocations")).extracting(a -> a.at("/warehouse/id").asInt() + ":" + a.get("quantity"))
                .containsExactly("100:1", "1:2");

        // And the event shows the order as it is now once it ships
        sim.post("/_sim/orders/" + accepted + "/ship", "");
        assertThat(sim.data(query, Map.of()).at("/events/0/object/status").asText()).isEqualTo("SHIPPED");
    }

    @Test
    void shouldFilterEventsByMarketAndByTheOneStoreWhichOnlyOrdersHave() {
        // Given a second market, and an order in each market plus a stock change, all listened to
        sim.simulator.applyCatalog("{\"markets\": [{\"id\": 2, \"name\": \"SE\", \"allocationRule\": [2]}]}");
        listen("{objectType: Order}, {objectType: StockChange}");
        final int uk = order("UK", 1);
        final int se = order("SE", 1);
        sim.post("/_sim/stock", "{\"warehouseId\": 1, \"sku\": \"CAS-TEE-BLK-M\", \"physical\": 9}");

        // When the queue is read by market and by store
        final JsonNode read = sim.data("""
                { all: events { objectType objectReference }
                  uk: events(where: {marketId: 1}) { objectType objectReference }
                  se: events(where: {marketId: [2], objectType: [Order]}) { objectType objectReference }
                  store: events(where: {storeId: 1}) { objectType objectReference }
                  otherStore: events(where: {storeId: [2]}) { objectType objectReference }
                  storeStock: events(where: {storeId: 1, objectType: [StockChange]}) { objectType } }""", Map.of());

        // Then a market keeps its own orders, the one store keeps every order, and a stock change has neither
        assertThat(read.get("all")).extracting(e -> e.get("objectType").asText())
                .containsExactly("Order", "Order", "StockChange");
        assertThat(read.get("uk")).extracting(e -> e.get("objectReference").asInt()).containsExactly(uk);
        assertThat(read.get("se")).extracting(e -> e.get("objectReference").asInt()).containsExactly(se);
        assertThat(read.get("store")).extracting(e -> e.get("objectReference").asInt()).containsExactly(uk, se);
        assertThat(read.get("otherStore")).isEmpty();
        assertThat(read.get("storeStock")).isEmpty();
    }
}
