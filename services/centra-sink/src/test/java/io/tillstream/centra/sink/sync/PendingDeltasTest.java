package io.tillstream.centra.sink.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingDeltasTest {

    private final PendingDeltas pending = new PendingDeltas(2);
    private long offset;

    @Test
    void shouldNetASizesChangesAndGroupByWarehouseAndDirectionUpToTheMostSizesOfAMutation() {
        add(0, "S001", "A", -1);
        add(0, "S001", "A", -2);
        add(0, "S001", "B", -1);
        add(0, "S001", "C", -1);
        add(0, "S001", "D", 4);
        add(1, "S002", "A", -1);

        List<List<PendingSize>> groups = pending.groups(new Fifo());

        assertThat(groups).extracting(g -> g.stream().map(p -> p.key() + "=" + p.net).toList()).containsExactly(
                List.of("S001|A=-3", "S001|B=-1"), // C waits: a mutation carries at most 2 sizes
                List.of("S001|D=4"),
                List.of("S002|A=-1"));
    }

    @Test
    void shouldPutASizeBackAheadOfWhatCameSinceAndAbsorbIt() {
        add(0, "S001", "A", -1);
        PendingSize sent = pending.groups(new Fifo()).get(0).get(0);
        pending.take(List.of(sent));
        add(0, "S001", "A", -2);

        pending.putBack(sent, true);

        assertThat(pending.sizes()).singleElement().satisfies(p -> {
            assertThat(p).isSameAs(sent);
            assertThat(p.net).isEqualTo(-3);
            assertThat(p.records).extracting(RecordRef::offset).containsExactly(0L, 1L);
            assertThat(p.isolate).isTrue();
        });
    }

    @Test
    void shouldDropTheSizesOfPartitionsThatMovedAway() {
        add(0, "S001", "A", -1);
        add(1, "S002", "A", -1);

        pending.release(List.of(new TopicPartition("stock.changes.v1", 1)));

        assertThat(pending.sizes()).extracting(PendingSize::key).containsExactly("S001|A");
    }

    @Test
    void shouldFindTheSizesWhoseChangesCancelledOut() {
        add(0, "S001", "A", -1);
        add(0, "S001", "A", 1);
        add(0, "S001", "B", -1);

        assertThat(pending.netZero()).extracting(PendingSize::key).containsExactly("S001|A");
    }

    private void add(int partition, String location, String sku, int delta) {
        long at = offset++;
        pending.add(new ChangeRecord(location, sku, at + 1, delta, 10,
                new RecordRef("stock.changes.v1", partition, at)), location.equals("S001") ? 1 : 2, at);
    }
}
