package io.tillstream.domain.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreSellRatesTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void shouldApproachTheSteadyRatePerSellingSize() {
        StoreSellRates rates = new StoreSellRates(Duration.ofHours(1));
        // Four sizes, each selling one unit every 10 minutes, for ten hours: 6 units per size and hour.
        for (long t = 0; t <= 10 * HOUR; t += 600_000) {
            for (int size = 0; size < 4; size++) {
                rates.sold("S001", "SKU-" + size, 1, t);
            }
        }
        assertThat(rates.perSizePerHour("S001", 10 * HOUR)).isCloseTo(6.0, within(0.7));
    }

    @Test
    void shouldForgetOldSales() {
        StoreSellRates rates = new StoreSellRates(Duration.ofHours(1));
        rates.sold("S001", "SKU-1", 10, 0);
        double soon = rates.perSizePerHour("S001", HOUR / 2);
        assertThat(soon).isGreaterThan(0);
        assertThat(rates.perSizePerHour("S001", 3 * HOUR)).isZero(); // no size sold within the hour
    }

    @Test
    void shouldCountALateBacklogAtItsOwnTime() {
        StoreSellRates onTime = new StoreSellRates(Duration.ofHours(1));
        StoreSellRates late = new StoreSellRates(Duration.ofHours(1));
        onTime.sold("S001", "SKU-1", 2, HOUR);
        onTime.sold("S001", "SKU-1", 3, 2 * HOUR);
        late.sold("S001", "SKU-1", 3, 2 * HOUR);
        late.sold("S001", "SKU-1", 2, HOUR);
        assertThat(late.perSizePerHour("S001", 2 * HOUR))
                .isCloseTo(onTime.perSizePerHour("S001", 2 * HOUR), within(1e-9));
    }

    @Test
    void shouldKnowNothingOfAStoreWithoutSales() {
        assertThat(new StoreSellRates(Duration.ofHours(1)).perSizePerHour("S009", HOUR)).isZero();
    }
}
