package io.tillstream.centra.sink.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * The deltas not yet sent, netted per (location, size) in arrival order, and how they are grouped
 * into mutations: one per warehouse and direction, at most {@code maxSizes} sizes each.
 */
final class PendingDeltas {

    private final LinkedHashMap<String, PendingSize> byKey = new LinkedHashMap<>();
    private final int maxSizes;

    PendingDeltas(int maxSizes) {
        this.maxSizes = maxSizes;
    }

    void add(ChangeRecord c, int warehouseId, long now) {
        byKey.computeIfAbsent(c.key(), k -> new PendingSize(c.locationId(), c.sku(), warehouseId, now)).add(c);
    }

    /** A size that has nothing else pending (a parked size Centra now knows). */
    void put(PendingSize p) {
        byKey.put(p.key(), p);
    }

    /**
     * A size whose mutation was not applied goes back, ahead of anything that came for it since
     * (which it absorbs), so its records stay in order.
     */
    void putBack(PendingSize p, boolean isolate) {
        p.isolate = isolate;
        PendingSize newer = byKey.remove(p.key());
        byKey.put(p.key(), p);
        if (newer != null) {
            p.absorb(newer);
        }
    }

    /** Takes the sizes of a mutation about to be sent. */
    void take(List<PendingSize> group) {
        group.forEach(p -> byKey.remove(p.key()));
    }

    /** The sizes whose changes cancelled out. */
    List<PendingSize> netZero() {
        return byKey.values().stream().filter(p -> p.net == 0).toList();
    }

    /** Pending deltas grouped by (warehouse, direction), in the scheduler's order (risk-first by default). */
    List<List<PendingSize>> groups(Scheduler scheduler) {
        Map<String, List<PendingSize>> groups = new LinkedHashMap<>();
        for (PendingSize p : byKey.values()) {
            String group = p.isolate ? p.key() : p.warehouseId + (p.net > 0 ? "+" : "-");
            List<PendingSize> members = groups.computeIfAbsent(group, k -> new ArrayList<>());
            if (members.size() < maxSizes) {
                members.add(p);
            }
        }
        return groups.values().stream().sorted(scheduler).toList();
    }

    /** Drops the sizes with a record of these partitions: their records go to another task. */
    void release(Collection<TopicPartition> partitions) {
        byKey.values().removeIf(p -> p.records.stream().anyMatch(r -> partitions.contains(r.topicPartition())));
    }

    Collection<PendingSize> sizes() {
        return byKey.values();
    }

    Stream<PendingSize> stream() {
        return byKey.values().stream();
    }

    int size() {
        return byKey.size();
    }
}
