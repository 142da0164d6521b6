package io.tillstream.centra.sink.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: only up to the first record whose delta Centra has not
 * confirmed yet. Anything after it is re-delivered after a crash and skipped by sequence.
 */
final class OffsetTracker {

    private final Map<TopicPartition, TreeSet<Long>> open = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();

    void track(TopicPartition tp, long offset) {
        open.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
        next.merge(tp, offset + 1, Math::max);
    }

    void done(TopicPartition tp, long offset) {
        TreeSet<Long> offsets = open.get(tp);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** @return per partition, the offset to commit (the next record to read after a restart) */
    Map<TopicPartition, Long> committable() {
        Map<TopicPartition, Long> result = new HashMap<>();
        next.forEach((tp, n) -> {
            TreeSet<Long> offsets = open.get(tp);
            result.put(tp, offsets == null || offsets.isEmpty() ? n : offsets.first());
        });
        return result;
    }

    void forget(TopicPartition tp) {
        open.remove(tp);
        next.remove(tp);
    }
}
