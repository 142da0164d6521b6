package io.tillstream.centra.source;

import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A full scan of a paged Centra list, one page per call, again and again with a pause between
 * scans; it returns only what changed since the previous scan, so the topic gets a record per
 * change rather than per read, and at the end of a scan the keys Centra no longer lists.
 */
public final class RollingScan<T> {

    /** A paged read of a Centra list, one request per page. */
    interface Pages<T> {
        /** @param cursor where the page starts: null for the first page, else a {@link Page#next()} */
        Page<T> fetch(String cursor, int limit) throws CentraException;
    }

    /** One page and where the next one starts; {@code next} is null on the last page of a scan. */

    private final Pages<T> pages;
    private final Function<T, String> key;
    private final Function<T, Object> fingerprint;
    private final int pageSize;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Object> seen = new HashMap<>();
    /** The keys of the scan under way; null until a scan starts from its first page. */
    private Set<String> thisScan;
    /** Keys the last complete scan did not find: gone if the next one does not find them either. */
    private Set<String> missedLastScan = Set.of();
    private List<String> removed = List.of();
    private String cursor;
    private long nextScanAt;
    private long scans;

    /** @param fingerprint what counts as a change (leave out read timestamps) */
    RollingScan(Pages<T> pages, Function<T, String> key, Function<T, Object> fingerprint, int pageSize,
                Duration interval, Clock clock) {
        this.pages = pages;
        this.key = key;
        this.fingerprint = fingerprint;
        this.pageSize = pageSize;
        this.interval = interval;
        this.clock = clock;
    }

    boolean due() {
        return clock.millis() >= nextScanAt;
    }

    /** Reads the next page; the items in it that are new or changed. */
    List<T> next() throws CentraException {
        boolean first = cursor == null;
        Page<T> page = pages.fetch(cursor, pageSize);
        if (first) {
            thisScan = new HashSet<>();
        }
        page.items().forEach(item -> thisScan.add(key.apply(item)));
        cursor = page.next();
        List<T> changed = page.items().stream()
                .filter(item -> !Objects.equals(seen.put(key.apply(item), fingerprint.apply(item)), fingerprint.apply(item)))
                .toList();
        if (cursor == null) {
            scans++;
            nextScanAt = clock.millis() + interval.toMillis();
            Set<String> missed = new HashSet<>(seen.keySet());
            missed.removeAll(thisScan);
            // Pages are by offset: a size removed early in the list while a scan runs shifts the rest one
            // place, and the scan can miss one that is still there. Missed by two scans in a row, it is gone.
            removed = missed.stream().filter(missedLastScan::contains).sorted().toList();
            removed.forEach(seen::remove);
            missed.removeAll(removed);
            missedLastScan = missed;
        }
        return changed;
    }

    /**
     * The keys that the scan that just completed and the one before it no longer found, once, right
     * after its last page (empty otherwise). Only what this task saw go counts: an item removed while
     * no task ran is not known here.
     */
    List<String> removedByLastScan() {
        List<String> gone = removed;
        removed = List.of();
        return gone;
    }

    long scansCompleted() {
        return scans;
    }
}
