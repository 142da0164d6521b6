package io.tillstream.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.SkuAvailability;
import io.tillstream.schemas.StockLevel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NetworkAtsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void shouldSumTheLocationsAndChangeOnlyWhenALocationsAtsDoes() {
        SkuAvailability first = NetworkAts.after(null, level("S002", 3, 3, T0)).orElseThrow();
        SkuAvailability both = NetworkAts.after(first, level("S001", 5, 4, T0.plusSeconds(5))).orElseThrow();

        assertThat(both.getAts()).isEqualTo(7);
        assertThat(both.getVersion()).isEqualTo(2);
        assertThat(both.getLocations()).extracting(l -> l.getLocationId() + "=" + l.getAts())
                .as("sorted by location").containsExactly("S001=4", "S002=3");
        assertThat(NetworkAts.after(both, level("S001", 6, 4, T0.plusSeconds(9))))
                .as("on hand moved, ATS did not: no news for ecommerce").isEmpty();

        SkuAvailability sold = NetworkAts.after(both, level("S002", 2, 2, T0.plusSeconds(1))).orElseThrow();
        assertThat(sold.getAts()).isEqualTo(6);
        assertThat(sold.getAsOf()).as("never goes back in time").isEqualTo(T0.plusSeconds(5));
    }

    private static StockLevel level(String location, int onHand, int ats, Instant asOf) {
        return StockLevel.newBuilder().setLocationId(location).setSku("TEE-M").setOnHand(onHand)
                .setPendingInspection(0).setSafetyBuffer(onHand - ats).setAts(ats).setVersion(1).setChangeSequence(1).setAsOf(asOf)
                .build();
    }
}
