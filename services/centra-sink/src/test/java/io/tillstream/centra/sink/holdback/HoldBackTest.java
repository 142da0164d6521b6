package io.tillstream.centra.sink.holdback;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.GraphQlCentraClient;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.centra.client.SteppedClock;
import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.SimulatorConfig;
import io.tillstream.centra.sink.sync.Warehouses;
import io.tillstream.domain.exceptions.RetailOpsRules;
import io.tillstream.domain.stores.OfflineHold;
import io.tillstream.domain.stores.StoreSellRates;
import io.tillstream.schemas.ReconciliationException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A silent store held back through its Centra warehouse's threshold, on the simulator over real HTTP. */
class HoldBackTest {

    private static final String TOKEN = "test-token";
    private static final int BASE = 0;

    private final SteppedClock clock = new SteppedClock();
    private final SilentStores silent = new SilentStores();
    private final Set<String> catchingUp = new HashSet<>();
    private CentraSimulator centra;
    private GraphQlCentraClient client;
    private HoldBack holdBack;

    @BeforeEach
    void setUp() {
        centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0).withApiTokens(Set.of(TOKEN)));
        centra.applyCatalog("""
                {"warehouses":[{"id":1,"name":"Store S001"},{"id":2,"name":"Store S002"}],
                 "products":[{"productNumber":"TEE","name":"Tee","variants":[{"variantNumber":"BLK","name":"Black",
                   "sizes":[{"name":"M","sku":"TEE-M"},{"name":"L","sku":"TEE-L"}]}]}],
                 "stock":[{"warehouseId":1,"sku":"TEE-M","physical":10},{"warehouseId":1,"sku":"TEE-L","physical":10}]}""");
        client = new GraphQlCentraClient(centra.url().toString(), TOKEN, Duration.ofSeconds(2), clock);
        holdBack = new HoldBack(client, RateBudget.mutations(1_000, 100_000, clock),
                RateBudget.requests(1_000, 100_000, clock), Warehouses.fixed(Map.of("S001", 1, "S002", 2)), silent,
                new StoreSellRates(Duration.ofHours(1)), new OfflineHold(3), BASE, clock);
    }

    @AfterEach
    void tearDown() {
        centra.close();
    }

    @Test
    void shouldHoldASilentStoreBackAsItsSilenceGrowsAndReleaseItOnceCaughtUp() throws CentraException {
        // S001 sells 2 units of each of its two sizes an hour.
        for (int minute = 0; minute < 180; minute += 15) {
            holdBack.changed("S001", minute % 30 == 0 ? "TEE-M" : "TEE-L", -1, clock.millis());
            clock.step(Duration.ofMinutes(15));
        }
        converge();
        assertThat(client.warehouseThreshold(1)).isEqualTo(BASE);

        ReconciliationException open = declareSilent("S001");
        converge();
        assertThat(client.warehouseThreshold(1)).as("the last unit of every size, at once").isEqualTo(BASE + 1);

        clock.step(Duration.ofMinutes(75)); // about 1.7 units per size and hour: 2.1 expected by now
        converge();
        assertThat(client.warehouseThreshold(1)).isEqualTo(BASE + 3);
        clock.step(Duration.ofHours(5));
        converge();
        assertThat(client.warehouseThreshold(1)).as("capped").isEqualTo(BASE + 3);

        RetailOpsRules.storeHeard(open, clock.instant(), clock.instant()).ifPresent(e -> silent.apply(e.getId(), e));
        catchingUp.add("S001");
        converge();
        assertThat(client.warehouseThreshold(1)).as("its backlog is still on its way").isEqualTo(BASE + 3);
        clock.step(HoldBack.CATCH_UP_GRACE.plusSeconds(1));
        converge();
        assertThat(client.warehouseThreshold(1)).as("its changes are still being pushed").isEqualTo(BASE + 3);
        catchingUp.clear();
        converge();
        assertThat(client.warehouseThreshold(1)).isEqualTo(BASE);
        assertThat(client.warehouseThreshold(2)).as("the other store untouched").isEqualTo(0);
    }

    @Test
    void shouldUndoAHoldAStoppedTaskLeftOnceTheStoreIsSeenAgain() throws CentraException {
        client.setWarehouseThreshold(2, 2);
        holdBack.converge(catchingUp::contains, true);
        assertThat(client.warehouseThreshold(2)).as("a store not seen yet is not looked at").isEqualTo(2);

        holdBack.changed("S002", "TEE-M", -1, clock.millis());
        holdBack.converge(catchingUp::contains, false);
        assertThat(client.warehouseThreshold(2)).as("not with the budget the changes need").isEqualTo(2);
        converge();
        assertThat(client.warehouseThreshold(2)).isEqualTo(BASE);
    }

    private ReconciliationException declareSilent(String store) {
        Instant quietSince = clock.instant().minus(Duration.ofHours(1));
        ReconciliationException e = RetailOpsRules.storeQuiet(null, store, quietSince, Duration.ofMinutes(30),
                clock.instant()).orElseThrow();
        silent.apply(e.getId(), e);
        return e;
    }

    /** As the task does after a flush; twice, since an unknown threshold is read before it is written. */
    private void converge() {
        holdBack.converge(catchingUp::contains, true);
        holdBack.converge(catchingUp::contains, true);
    }
}
