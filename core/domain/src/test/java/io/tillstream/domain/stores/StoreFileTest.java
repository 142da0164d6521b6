package io.tillstream.domain.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryFieldAndDefaultTheTradingHours() throws Exception {
        List<StoreFile.Entry> stores = StoreFile.read(file("""
                stores:
                  - {storeId: S001, name: "London Soho", timezone: Europe/London, centraWarehouseId: 1,
                     dayClose: "22:00", tokenSha256: "48347075a969091269ae18324e99022a3be8ec7d3c2e703aa9a8a07022848889"}
                  - {storeId: S002, timezone: America/New_York, dayOpen: "10:00", dayClose: "01:30"}
                """));

        assertThat(stores).hasSize(2);
        StoreFile.Entry soho = stores.get(0);
        assertThat(soho.name()).isEqualTo("London Soho");
        assertThat(soho.timezone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(soho.centraWarehouseId()).isEqualTo(1);
        assertThat(soho.week()).hasSize(7).containsEntry(DayOfWeek.SUNDAY,
                new StoreInfo.Hours(StoreFile.DEFAULT_OPEN, LocalTime.of(22, 0)));
        assertThat(HexFormat.of().formatHex(soho.tokenSha256())).startsWith("48347075");
        StoreFile.Entry newYork = stores.get(1);
        assertThat(newYork.name()).as("the id when no name is given").isEqualTo("S002");
        assertThat(newYork.centraWarehouseId()).isNull();
        assertThat(newYork.tokenSha256()).isNull();
        assertThat(newYork.week().get(DayOfWeek.MONDAY)).isEqualTo(new StoreInfo.Hours(LocalTime.of(10, 0),
                LocalTime.of(1, 30)));
    }

    /**
     * The divergence this reader ends: pos-ingest took the first entry of a store listed twice and
     * reconciliation the last, so the tills' store and the day close could be on different zones.
     */
    @Test
    void shouldRefuseAStoreListedTwice() throws Exception {
        Path twice = file("""
                stores:
                  - {storeId: S001, timezone: Europe/London}
                  - {storeId: S001, timezone: America/New_York}
                """);

        assertThatThrownBy(() -> StoreFile.read(twice)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Store S001 is listed twice");
    }

    @Test
    void shouldNameTheStoreAndTheFieldOfWhatItCannotRead() throws Exception {
        assertThatThrownBy(() -> StoreFile.read(file("stores:\n  - {storeId: S001}\n")))
                .hasMessageContaining("Store S001").hasMessageContaining("timezone is missing");
        assertThatThrownBy(() -> StoreFile.read(file("stores:\n  - {storeId: S001, timezone: Mars/Olympus}\n")))
                .hasMessageContaining("timezone is not a time zone: Mars/Olympus");
        assertThatThrownBy(() -> StoreFile.read(file("stores:\n  - {storeId: S001, timezone: UTC, dayClose: late}\n")))
                .hasMessageContaining("dayClose is not a time of day");
        assertThatThrownBy(() -> StoreFile.read(file("stores:\n  - {storeId: S001, timezone: UTC, tokenSha256: xyz}\n")))
                .hasMessageContaining("tokenSha256 is not hex");
        assertThatThrownBy(() -> StoreFile.read(file("stores:\n  - {name: nameless, timezone: UTC}\n")))
                .hasMessageContaining("has no storeId");
    }

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("stores-" + System.nanoTime() + ".yml"), yaml);
    }
}
