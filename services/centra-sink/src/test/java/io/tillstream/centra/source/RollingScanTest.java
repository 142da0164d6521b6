package io.tillstream.centra.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.client.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RollingScanTest {

    /** Centra's list as it stands, paged by offset two items a page. */
    private List<String> listed = new ArrayList<>(List.of("A", "B", "C"));
    private final RollingScan<String> scan = new RollingScan<>((cursor, limit) -> {
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        List<String> items = listed.subList(Math.min(from, listed.size()), Math.min(from + limit, listed.size()));
        return new Page<>(List.copyOf(items), from + limit < listed.size() ? Integer.toString(from + limit) : null);
    }, Function.identity(), item -> item, 2, Duration.ZERO, Clock.systemUTC());

    @Test
    void shouldTellOnlyWhatChangedThenWhatTwoScansInARowNoLongerFound() throws Exception {
        assertThat(fullScan()).containsExactly("A", "B", "C");
        assertThat(fullScan()).as("nothing changed").isEmpty();

        listed = new ArrayList<>(List.of("A", "C", "D"));
        assertThat(fullScan()).containsExactly("D");
        assertThat(scan.removedByLastScan()).as("missed once: maybe only shifted by a removal during the scan")
                .isEmpty();
        assertThat(fullScan()).isEmpty();
        assertThat(scan.removedByLastScan()).containsExactly("B");
        assertThat(scan.removedByLastScan()).as("told once").isEmpty();
    }

    @Test
    void shouldNotRemoveAnItemThatOneScanMissedWhileTheListShifted() throws Exception {
        fullScan();
        // the first page (A, B) is read, then A is removed: C moves onto the first page and this scan misses it
        scan.next();
        listed = new ArrayList<>(List.of("B", "C"));
        scan.next();
        assertThat(scan.removedByLastScan()).isEmpty();

        fullScan();
        assertThat(scan.removedByLastScan()).as("C is back; A missed once so far").isEmpty();
        fullScan();
        assertThat(scan.removedByLastScan()).as("A missed by two scans in a row").containsExactly("A");
    }

    private List<String> fullScan() throws Exception {
        long before = scan.scansCompleted();
        List<String> changed = new ArrayList<>();
        do {
            changed.addAll(scan.next());
        } while (scan.scansCompleted() == before);
        return changed;
    }
}
