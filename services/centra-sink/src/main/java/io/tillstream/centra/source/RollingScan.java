package io.tillstream.centra.source;

import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.Page;
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
        Page<T> page = pages.fetch(cursor, pageSize);
        cursor = page.next();
        if (cursor == null) {
            scans++;
            nextScanAt = clock.millis() + interval.toMillis();
        }
        return page.items().stream()
                .filter(item -> !Objects.equals(seen.put(key.apply(item), fingerprint.apply(item)), fingerprint.apply(item)))
                .toList();
    }

    long scansCompleted() {
        return scans;
    }
}
