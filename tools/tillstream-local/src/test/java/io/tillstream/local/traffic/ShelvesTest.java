package io.tillstream.local.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShelvesTest {

    private final Shelves shelves = new Shelves();

    @Test
    void shouldSellOnlyWhatIsOnTheShelf() {
        shelves.put("S001", "TEE-M", 2);
        shelves.put("S001", "TEE-L", 0);

        assertThat(shelves.take("S001", "TEE-M", 3)).as("a customer takes what there is").isEqualTo(2);
        assertThat(shelves.take("S001", "TEE-M", 1)).isZero();
        assertThat(shelves.take("S001", "TEE-L", 1)).isZero();
        assertThat(shelves.sellable("S001", new Random(1))).isEmpty();
    }

    @Test
    void shouldOfferEverySkuInStockAndNoOther() {
        shelves.put("S001", "A", 1);
        shelves.put("S001", "B", 0);
        shelves.put("S001", "C", 4);
        shelves.put("S002", "B", 9);

        Random random = new Random(3);
        Set<String> offered = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            shelves.sellable("S001", random).ifPresent(offered::add);
        }
        assertThat(offered).containsExactlyInAnyOrder("A", "C");
    }

    @Test
    void shouldNameTheEmptiestSkusForADeliveryAndCountWhatArrives() {
        shelves.put("S001", "A", 5);
        shelves.put("S001", "B", -1);
        shelves.put("S001", "C", 0);
        shelves.put("S001", "D", 0);

        assertThat(shelves.emptiest("S001", 3)).containsExactly("B", "C", "D");
        shelves.add("S001", "B", 6);
        assertThat(shelves.take("S001", "B", 10)).isEqualTo(5);
    }
}
