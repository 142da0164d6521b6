package io.tillstream.centra.simulator.graphql;

import io.tillstream.centra.simulator.model.Event;
import io.tillstream.centra.simulator.model.EventListener;
import io.tillstream.centra.simulator.model.PayloadMessage;
import io.tillstream.centra.simulator.model.StockChange;
import io.tillstream.centra.simulator.model.Warehouse;
import java.util.List;

/** Objects the schema returns that have no counterpart in the model; field names are Centra's. */
final class Views {

    private Views() {
    }

    record StockChangePayload(StockChange stockChange, List<PayloadMessage> userErrors,
                              List<PayloadMessage> userWarnings) {
    }

    record StockSetPayload(List<StockChange> stockChanges, List<PayloadMessage> userErrors,
                           List<PayloadMessage> userWarnings) {
    }

    record WarehouseUpdatePayload(Warehouse warehouse, List<PayloadMessage> userErrors,
                                  List<PayloadMessage> userWarnings) {
    }

    record EventListenerSetPayload(List<EventListener> eventListeners, List<PayloadMessage> userErrors,
                                   List<PayloadMessage> userWarnings) {
    }

    record EventsConfirmPayload(List<Event> events, List<PayloadMessage> userErrors,
                                List<PayloadMessage> userWarnings) {
    }

    record AllocationRule(int id, String name, List<Warehouse> warehouses) {
    }

    record RateLimit(String type, int intervalSeconds, long quota, long usedQuota, long remainingQuota) {
    }
}
