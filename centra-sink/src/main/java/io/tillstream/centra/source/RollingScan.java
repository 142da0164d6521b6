package io.tillstream.centra.source;

import io.tillstream.centra.sink.client.CentraException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A full scan of a paged Centra list, one page per call, again and again with a pause between
 * scans; it returns only what changed since the previous scan, so the topic gets a record per
 * change rather than per read.
 */
final class RollingScan<T> {

    /** One page of the list, 1-based as Centra pages are. */
    interface Pages<T> {
        List<T> fetch(int page, int limit) throws CentraException;
    }

    private final Pages<T> pages;
    private final Function<T, String> key;
    private final Function<T, Object> fingerprint;
    private final int pageSize;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Object> seen = new HashMap<>();
    private int page = 1;
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
        List<T> items = pages.fetch(page, pageSize);
        if (items.size() < pageSize) {
            page = 1;
            scans++;
            nextScanAt = clock.millis() + interval.toMillis();
        } else {
            page++;
        }
        return items.stream()
                .filter(item -> !Objects.equals(seen.put(key.apply(item), fingerprint.apply(item)), fingerprint.apply(item)))
                .toList();
    }

    long scansCompleted() {
        return scans;
    }
}
