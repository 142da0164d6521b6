package io.tillstream.centra.sink.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.tillstream.centra.sink.config.CentraSinkConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The two ways of spending the budget, on the same pending groups. */
class SchedulerTest {

    /** Store 1 sold its last-but-one unit of M (at risk) after store 2's and store 3's deltas arrived. */
    private final List<PendingSize> store2Restock = List.of(pending(2, "TEE-L", 1_000, +3, 7));
    private final List<PendingSize> store3Sale = List.of(pending(3, "TEE-L", 2_000, -1, 9));
    private final List<PendingSize> store1LastUnits = List.of(pending(1, "TEE-S", 4_000, -1, 8),
            pending(1, "TEE-M", 3_000, -2, 1));

    private static PendingSize pending(int warehouse, String sku, long since, int net, int onHandAfter) {
        PendingSize p = new PendingSize("S00" + warehouse, sku, warehouse, since);
        p.net = net;
        p.onHandAfter = onHandAfter;
        return p;
    }

    private List<Integer> order(Scheduler scheduler) {
        return Stream.of(store1LastUnits, store3Sale, store2Restock).sorted(scheduler)
                .map(g -> g.get(0).warehouseId).toList();
    }

    @Test
    void fifoShouldSendTheOldestGroupFirstWhateverItHolds() {
        assertThat(order(new Fifo())).containsExactly(2, 3, 1);
    }

    @Test
    void fifoShouldDateAGroupByItsOldestSize() {
        List<PendingSize> mixed = List.of(pending(4, "TEE-S", 5_000, -1, 3), pending(4, "TEE-M", 500, -1, 3));

        assertThat(new Fifo().compare(mixed, store2Restock)).isNegative();
    }

    @Test
    void riskFirstShouldSendTheGroupNearSellingOutFirstThenOldest() {
        assertThat(order(new RiskFirst(RiskFirst.DEFAULT_THRESHOLD))).containsExactly(1, 2, 3);
    }

    @Test
    void riskFirstShouldOrderAtRiskGroupsByTheirAtRiskSizeNotTheirOldestMember() {
        // Store 4 has an old restock pending, but its at-risk sale came after store 1's
        List<PendingSize> oldRestockNewRisk = List.of(pending(4, "TEE-L", 100, +2, 6), pending(4, "TEE-S", 3_500, -1, 0));

        assertThat(new RiskFirst(RiskFirst.DEFAULT_THRESHOLD).compare(store1LastUnits, oldRestockNewRisk)).isNegative();
        assertThat(new Fifo().compare(store1LastUnits, oldRestockNewRisk)).isPositive();
    }

    @Test
    void riskFirstShouldPutASizeCentraIsOversellingAheadOfAtRiskSizesUpToTwoSecondsOlder() {
        // The ledger shows 6 left, but Centra offers 1 unit and the store has just sold it.
        List<PendingSize> exposed = List.of(pending(5, "TEE-M", 1_000, -1, 6));
        exposed.get(0).centraFreeRead(1, 10_000); // pending since 1 s, found exposed at 10 s
        List<PendingSize> atRiskJustBefore = List.of(pending(6, "TEE-S", 9_000, -1, 1));
        List<PendingSize> atRiskLongBefore = List.of(pending(7, "TEE-S", 7_000, -1, 1));
        RiskFirst riskFirst = new RiskFirst(RiskFirst.DEFAULT_THRESHOLD);

        assertThat(Stream.of(atRiskLongBefore, atRiskJustBefore, store3Sale, exposed).sorted(riskFirst)
                .map(g -> g.get(0).warehouseId)).containsExactly(7, 5, 6, 3);
        assertThat(riskFirst.mayTake(exposed, 1, 20)).as("may spend the reserve").isTrue();
    }

    @Test
    void aRemovalIsExposedOnlyWhileCentraOffersUnitsItTakesAway() {
        PendingSize sold = pending(1, "TEE-M", 0, -2, 5);
        assertThat(sold.exposed()).as("not read yet").isFalse();
        sold.centraFreeRead(3, 1_000);
        assertThat(sold.exposed()).as("one unit is still really there").isFalse();
        sold.centraFreeRead(2, 2_000);
        sold.centraFreeRead(2, 3_000);
        assertThat(sold.exposed()).isTrue();
        assertThat(sold.exposedSince).as("since the first read that found it").isEqualTo(2_000);
        sold.centraFreeRead(0, 4_000);
        assertThat(sold.exposed()).as("Centra offers nothing: nothing to oversell").isFalse();
        assertThat(sold.exposedSince).isZero();
        PendingSize restock = pending(1, "TEE-L", 0, +2, 5);
        restock.centraFreeRead(1, 1_000);
        assertThat(restock.exposed()).isFalse();
    }

    @Test
    void riskFirstShouldKeepAQuarterOfTheWindowForSizesAtRisk() {
        RiskFirst riskFirst = new RiskFirst(RiskFirst.DEFAULT_THRESHOLD);

        assertThat(riskFirst.mayTake(store2Restock, 6, 20)).isTrue();
        assertThat(riskFirst.mayTake(store2Restock, 5, 20)).isFalse();
        assertThat(riskFirst.mayTake(store1LastUnits, 1, 20)).isTrue();
        // A share too small to split keeps no reserve
        assertThat(riskFirst.mayTake(store2Restock, 1, 2)).isTrue();
        assertThat(new Fifo().mayTake(store2Restock, 1, 20)).isTrue();
    }

    @Test
    void shouldPickTheSchedulerByItsConfiguredName() {
        assertThat(Scheduler.named("fifo")).isInstanceOf(Fifo.class);
        assertThat(Scheduler.named("risk-first")).isInstanceOf(RiskFirst.class);
        assertThatIllegalArgumentException().isThrownBy(() -> Scheduler.named("lifo")).withMessageContaining("fifo");
    }

    @Test
    void shouldDefaultToRiskFirstAndRefuseAnUnknownSchedulerInTheConfig() {
        Map<String, String> props = new HashMap<>(Map.of(CentraSinkConfig.URL_CONFIG, "http://127.0.0.1:1",
                CentraSinkConfig.TOKEN_CONFIG, "t", CentraSinkConfig.WAREHOUSES_CONFIG, "S001:1"));
        assertThat(new CentraSinkConfig(props).scheduler()).isInstanceOf(RiskFirst.class);

        props.put(CentraSinkConfig.SCHEDULER_CONFIG, "lifo");
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new CentraSinkConfig(props))
                .withMessageContaining(CentraSinkConfig.SCHEDULER_CONFIG).withMessageContaining("fifo");
    }
}
