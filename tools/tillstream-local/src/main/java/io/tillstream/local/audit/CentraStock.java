package io.tillstream.local.audit;

import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.GraphQlTransport;
import io.tillstream.centra.client.Page;
import io.tillstream.centra.client.CentraReader;
import io.tillstream.schemas.CentraStockObservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Centra's side of the audit: the physical stock of every size in every warehouse, read through
 * Centra's documented {@code warehouses { stock }} pages. Paced within a share of the tenant's
 * request budget (shared by every integration on it, the sink included): at most
 * {@code requestsPer10s}, and a 429 is waited out, never taken as an empty page.
 */
final class CentraStock {

    private static final int PAGE = 200;
    private static final int MAX_ATTEMPTS = 10;

    private final CentraReader reader;
    private final int requestsPer10s;
    private final Clock clock;

    CentraStock(String url, String token, int requestsPer10s, Clock clock) {
        this.reader = new CentraReader(new GraphQlTransport(url, token, Duration.ofSeconds(30), clock), clock);
        this.requestsPer10s = requestsPer10s;
        this.clock = clock;
    }

    /** @param progress told the number of pages read so far, after each */
    Map<Integer, Map<String, Integer>> read(IntConsumer progress) throws CentraException, InterruptedException {
        Map<Integer, Map<String, Integer>> stock = new HashMap<>();
        String cursor = null;
        int pages = 0;
        long gapMs = 10_000L / requestsPer10s;
        do {
            Page<CentraStockObservation> page = page(cursor);
            page.items().forEach(o -> stock.computeIfAbsent(o.getWarehouseId(), w -> new HashMap<>())
                    .put(o.getSku(), o.getPhysical()));
            progress.accept(++pages);
            cursor = page.next();
            if (cursor != null) {
                Thread.sleep(gapMs);
            }
        } while (cursor != null);
        return stock;
    }

    private Page<CentraStockObservation> page(String cursor) throws CentraException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return reader.stock(cursor, PAGE);
            } catch (CentraException e) {
                boolean retriable = e.kind() == CentraException.Kind.RATE_LIMITED
                        || e.kind() == CentraException.Kind.OUTCOME_UNKNOWN;
                if (!retriable || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                Instant until = e.retryAt() != null ? e.retryAt() : clock.instant().plusSeconds(2L * attempt);
                Thread.sleep(Math.max(100, Duration.between(clock.instant(), until).toMillis()));
            }
        }
    }
}
