package io.tillstream.centra.sink.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How far each (location, size) has come, by the ledger's change sequence. A change at or below
 * the settled sequence is in Centra (or needs nothing, or went to the DLQ) and is never sent again;
 * one at or below the taken sequence is already on its way, and a re-delivered copy must wait for it.
 */
final class SizeProgress {

    private final Map<String, Long> settled = new HashMap<>();
    private final Map<String, Long> taken = new HashMap<>();

    long settled(String key) {
        return settled.getOrDefault(key, 0L);
    }

    boolean isSettled(String key, long sequence) {
        return sequence <= settled(key);
    }

    boolean isTaken(String key, long sequence) {
        return sequence <= taken.getOrDefault(key, 0L);
    }

    void take(String key, long sequence) {
        taken.merge(key, sequence, Math::max);
    }

    void settle(String key, long sequence) {
        settled.merge(key, sequence, Math::max);
        taken.merge(key, sequence, Math::max);
    }

    /**
     * After partitions moved away: what is settled stays settled; what was only taken by a dropped
     * pending size must be taken again when Connect re-delivers it.
     *
     * @param held the sizes this task still holds (pending, or in a mutation in doubt)
     */
    void retakeOnly(Stream<PendingSize> held) {
        taken.clear();
        taken.putAll(settled);
        held.forEach(p -> take(p.key(), p.maxSequence));
    }
}
