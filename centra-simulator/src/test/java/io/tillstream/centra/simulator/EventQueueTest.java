package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
}
