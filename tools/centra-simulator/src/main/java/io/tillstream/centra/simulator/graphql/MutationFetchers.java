package io.tillstream.centra.simulator.graphql;

import graphql.schema.idl.RuntimeWiring;
import io.tillstream.centra.simulator.model.Event;
import io.tillstream.centra.simulator.model.EventChangeType;
import io.tillstream.centra.simulator.model.EventListener;
import io.tillstream.centra.simulator.model.EventObjectType;
import io.tillstream.centra.simulator.model.PayloadMessage;
import io.tillstream.centra.simulator.model.Simulation;
import io.tillstream.centra.simulator.model.StockCommands;
import io.tillstream.centra.simulator.model.StockOperations;
import io.tillstream.centra.simulator.model.WarehouseOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code Mutation} fields: stock writes, the warehouse threshold and the event-queue controls. */
final class MutationFetchers {

    private final Simulation simulation;

    MutationFetchers(final Simulation simulation) {
        this.simulation = simulation;
    }

    void register(final RuntimeWiring.Builder wiring) {
        wiring.type("Mutation", t -> t
                .dataFetcher("changeStock", Permissions.require("StockChange:write", env -> {
                    final InputReader.Parsed<StockCommands.ChangeStock> parsed =
                            InputReader.changeStock(env.getArgument("input"));
                    if (!parsed.errors().isEmpty()) {
                        return new Views.StockChangePayload(null, parsed.errors(), List.of());
                    }
                    final StockCommands.Outcome outcome =
                            simulation.locked(s -> new StockOperations(s).changeStock(parsed.command()));
                    return new Views.StockChangePayload(outcome.change(), outcome.userErrors(), outcome.userWarnings());
                }))
                .dataFetcher("setStock", Permissions.require("StockChange:write", env -> {
                    final InputReader.Parsed<StockCommands.SetStock> parsed =
                            InputReader.setStock(env.getArgument("input"));
                    if (!parsed.errors().isEmpty()) {
                        return new Views.StockSetPayload(List.of(), parsed.errors(), List.of());
                    }
                    final StockCommands.Outcome outcome =
                            simulation.locked(s -> new StockOperations(s).setStock(parsed.command()));
                    return new Views.StockSetPayload(outcome.change() == null ? List.of() : List.of(outcome.change()),
                            outcome.userErrors(), outcome.userWarnings());
                }))
                // [inf] Centra does not publish which permission updateWarehouse needs; Warehouse:write follows
                // StockChange:write and Event:write.
                .dataFetcher("updateWarehouse", Permissions.require("Warehouse:write", env -> {
                    final int id = env.getArgument("id");
                    final Map<String, Object> input = env.getArgument("input");
                    final WarehouseOperations.Outcome outcome = simulation.locked(
                            s -> new WarehouseOperations(s).update(id, (Integer) input.get("threshold")));
                    return new Views.WarehouseUpdatePayload(outcome.warehouse(), outcome.userErrors(), List.of());
                }))
                .dataFetcher("setEventListeners", Permissions.require("Event:write", env -> {
                    final List<Map<String, Object>> input = env.getArgument("input");
                    final List<EventListener> listeners = simulation.locked(s -> input.stream()
                            .map(l -> s.events().listen(EventObjectType.valueOf((String) l.get("objectType")),
                                    changeTypes(l.get("changeTypes")), s.now()))
                            .toList());
                    return new Views.EventListenerSetPayload(listeners, List.of(), List.of());
                }))
                .dataFetcher("confirmEvents", Permissions.require("Event:write", env -> {
                    final Map<String, Object> input = env.getArgument("input");
                    @SuppressWarnings("unchecked")
                    final List<Integer> ids = (List<Integer>) input.get("eventsIds");
                    final List<Event> confirmed = simulation.locked(s -> s.events().confirm(ids));
                    return new Views.EventsConfirmPayload(confirmed, List.of(), unknownIds(ids, confirmed));
                })));
    }

    @SuppressWarnings("unchecked")
    private static List<EventChangeType> changeTypes(final Object names) {
        return names == null ? null : ((List<String>) names).stream().map(EventChangeType::valueOf).toList();
    }

    /** Confirming an id that is not queued is harmless; say so rather than fail the batch. */
    private static List<PayloadMessage> unknownIds(final List<Integer> ids, final List<Event> confirmed) {
        final List<PayloadMessage> warnings = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            final int id = ids.get(i);
            if (confirmed.stream().noneMatch(e -> e.id() == id)) {
                warnings.add(new PayloadMessage("Event " + id + " is not queued", List.of("input", "eventsIds", i)));
            }
        }
        return warnings;
    }
}
