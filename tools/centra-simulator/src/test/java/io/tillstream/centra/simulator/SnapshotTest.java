package io.tillstream.centra.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillstream.centra.simulator.model.OrderOperations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepStateAcrossCloseAndStart() {
        final Path file = dir.resolve("centra.json");
        final List<MutationLogEntry> before;
        try (SimulatorHarness first = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            first.data(StockMutationsTest.CHANGE_STOCK, StockMutationsTest.change("rcv-1", 1, null,
                    List.of(StockMutationsTest.sku("CAS-TEE-BLK-M", 5))));
            first.post("/_sim/orders", "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": 1}]}");
            before = first.simulator.mutations();
        }
        assertThat(file).exists();
        assertThat(dir.toFile().list()).containsExactly("centra.json");

        try (SimulatorHarness second = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            assertThat(second.simulator.mutations()).isEqualTo(before);
            assertThat(second.simulator.stock(1)).extracting(StockRow::physical).containsExactly(15);
            assertThat(second.simulator.stock(100)).extracting(StockRow::allocated).containsExactly(1);
            // Ids continue where they stopped rather than restarting.
            second.data(StockMutationsTest.CHANGE_STOCK, StockMutationsTest.change("rcv-2", 1, null,
                    List.of(StockMutationsTest.sku("CAS-TEE-BLK-M", 1))));
            assertThat(second.simulator.mutations()).extracting(MutationLogEntry::id).containsExactly(1, 2);
            assertThat(second.simulator.control().orders().orders()).hasSize(1);
        }
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void shouldKeepAQueuedOrderEventWithItsMarketAndLinesAcrossCloseAndStart() {
        final Path file = dir.resolve("centra.json");
        try (SimulatorHarness first = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            first.data("mutation { setEventListeners(input: [{objectType: Order}]) { eventListeners { objectType } } }",
                    Map.of());
            first.post("/_sim/orders", "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": 2}]}");
        }

        try (SimulatorHarness second = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            final JsonNode events = second.data("""
                    { events(where: {marketId: 1}) { objectType
                        object { ... on Order { lines { productSize { SKU } quantity } } } } }""", Map.of())
                    .get("events");
            assertThat(events).hasSize(1);
            assertThat(events.at("/0/object/lines/0/productSize/SKU").asText()).isEqualTo("CAS-TEE-BLK-M");
            assertThat(events.at("/0/object/lines/0/quantity").asInt()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepAWarehouseThresholdThroughACrashAndACleanStop() throws Exception {
        final Path file = dir.resolve("centra.json");
        final Path crashed = Files.createDirectory(dir.resolve("crashed"));
        try (SimulatorHarness first = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            first.data(WarehouseThresholdTest.UPDATE_WAREHOUSE, WarehouseThresholdTest.threshold(1, 5));
            // What a SIGKILL leaves on disk: the journal, no snapshot.
            Files.copy(CentraSimulator.journalFile(file), crashed.resolve("centra.json.journal"));
        }

        try (SimulatorHarness afterCrash = new SimulatorHarness(c -> c.withSnapshotFile(crashed.resolve("centra.json")));
             SimulatorHarness afterStop = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            for (SimulatorHarness restarted : List.of(afterCrash, afterStop)) {
                assertThat(restarted.data("{ warehouses { id threshold } }", Map.of()).get("warehouses"))
                        .extracting(w -> w.get("threshold").asInt()).containsExactly(5, 0, 0);
                // And orders still honour it: 2 from the DC, 10 - 5 from store 1, 3 from store 2
                assertThat(restarted.simulator.control().placeOrder("UK",
                        List.of(new OrderOperations.OrderLine("CAS-TEE-BLK-M", 11)))
                        .status()).isEqualTo("REJECTED");
            }
        }
    }

    /**
     * A data directory from before sizes had a UPC, warehouses a threshold and events and orders a
     * market and lines: a restart of {@code ./tillstream run} on it must still load it.
     */
    @Test
    void shouldLoadASnapshotWrittenBeforeUpcsThresholdsMarketsAndOrderLines() throws Exception {
        final Path file = dir.resolve("centra.json");
        try (SimulatorHarness first = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            first.data("mutation { setEventListeners(input: [{objectType: Order}]) { eventListeners { objectType } } }",
                    Map.of());
            first.post("/_sim/orders", "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": 1}]}");
        }
        final JsonNode snapshot = new ObjectMapper().readTree(file.toFile());
        final int removed = strip(snapshot.get("sizes"), "upc") + strip(snapshot.get("events"), "marketId")
                + strip(snapshot.get("orders"), "lines") + strip(snapshot.get("warehouses"), "threshold");
        assertThat(removed).as("the fields a snapshot of the older format lacks").isEqualTo(
                snapshot.get("sizes").size() + 2 + snapshot.get("warehouses").size());
        new ObjectMapper().writeValue(file.toFile(), snapshot);

        try (SimulatorHarness second = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            assertThat(second.simulator.control().orders().orders()).hasSize(1);
            assertThat(second.simulator.stock(100)).extracting(StockRow::allocated).containsExactly(1);
            assertThat(second.data("{ events { objectType } }", Map.of()).get("events")).hasSize(1);
            assertThat(second.data("{ warehouse(id: 1) { threshold } }", Map.of()).at("/warehouse/threshold").asInt())
                    .isZero();
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedWriteThroughACrash() throws Exception {
        final Path file = dir.resolve("centra.json");
        final Path crashed = Files.createDirectory(dir.resolve("crashed"));
        final List<MutationLogEntry> mutations;
        final List<StockRow> stock;
        final SimulatorControl.OrdersView orders;
        try (SimulatorHarness first = new SimulatorHarness(c -> c.withSnapshotFile(file))) {
            first.data(StockMutationsTest.CHANGE_STOCK, StockMutationsTest.change("rcv-1", 1, null,
                    List.of(StockMutationsTest.sku("CAS-TEE-BLK-M", 5))));
            first.clock.advance(java.time.Duration.ofMinutes(3));
            first.post("/_sim/stock", "{\"warehouseId\": 2, \"sku\": \"CAS-TEE-BLK-M\", \"physical\": 7}");
            first.post("/_sim/orders", "{\"market\": \"UK\", \"lines\": [{\"sku\": \"CAS-TEE-BLK-M\", \"quantity\": 2}]}");
            first.post("/_sim/orders/1/ship", "");
            mutations = first.simulator.mutations();
            stock = first.simulator.control().stock(null, null);
            orders = first.simulator.control().orders();
            // What a SIGKILL leaves on disk: the files as they are now, nothing saved on the way out.
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
        }
        assertThat(crashed.toFile().list()).as("no snapshot was ever saved").containsExactly("centra.json.journal");
        // And a write the crash tore in half: never applied, never answered.
        Files.writeString(crashed.resolve("centra.json.journal"), "{\"sequence\":99,\"at\":\"2026-",
                java.nio.file.StandardOpenOption.APPEND);

        try (SimulatorHarness second = new SimulatorHarness(c -> c.withSnapshotFile(crashed.resolve("centra.json")))) {
            assertThat(second.simulator.mutations()).as("the same changes, ids and times").isEqualTo(mutations)
                    .hasSize(2);
            assertThat(second.simulator.control().stock(null, null)).isEqualTo(stock);
            assertThat(second.simulator.control().orders()).isEqualTo(orders);
            second.data(StockMutationsTest.CHANGE_STOCK, StockMutationsTest.change("rcv-2", 1, null,
                    List.of(StockMutationsTest.sku("CAS-TEE-BLK-M", 1))));
            assertThat(second.simulator.mutations()).extracting(MutationLogEntry::id).containsExactly(1, 2, 3);
        }
        assertThat(crashed.toFile().list()).as("a clean stop folds the journal into the snapshot")
                .containsExactly("centra.json");
    }

    /** Removes the field from every object of the array; how many had it. */
    private static int strip(final JsonNode array, final String field) {
        int removed = 0;
        for (JsonNode element : array) {
            removed += ((ObjectNode) element).remove(field) == null ? 0 : 1;
        }
        return removed;
    }
}
