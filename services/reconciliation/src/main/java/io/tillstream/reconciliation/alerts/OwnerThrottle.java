package io.tillstream.reconciliation.alerts;

import io.tillstream.schemas.Owner;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * At most N alerts per owner in a fixed window that starts with the window's first alert; the alerts
 * over the limit are only counted, and when the window ends its owner gets one "and K more" summary.
 * So a burst (a store's whole ledger going negative after a bad stocktake) costs a team N + 1 messages.
 */
final class OwnerThrottle {

    private static final class Window {
        final Instant start;
        int sent;
        int suppressed;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final int perWindow;
    private final Duration length;
    private final Map<Owner, Window> windows = new EnumMap<>(Owner.class);

    OwnerThrottle(int perWindow, Duration length) {
        this.perWindow = perWindow;
        this.length = length;
    }

    /** True when the alert may go out now; false when it is counted towards the window's summary. */
    boolean admit(Owner owner, Instant now) {
        Window window = windows.computeIfAbsent(owner, o -> new Window(now));
        if (window.sent < perWindow) {
            window.sent++;
            return true;
        }
        window.suppressed++;
        return false;
    }

    /** Ends every window older than its length; returns, per owner, how many alerts its window held back. */
    Map<Owner, Integer> closeWindows(Instant now) {
        Map<Owner, Integer> summaries = new EnumMap<>(Owner.class);
        for (Iterator<Map.Entry<Owner, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Owner, Window> entry = it.next();
            if (!now.isBefore(entry.getValue().start.plus(length))) {
                if (entry.getValue().suppressed > 0) {
                    summaries.put(entry.getKey(), entry.getValue().suppressed);
                }
                it.remove();
            }
        }
        return summaries;
    }
}
