package io.tillstream.centra.sink.sync;

import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.RateBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Centra accepts the API token. Refused, nothing was applied and nothing will be until an
 * operator renews or restores it: the task holds every change (no DLQ, offsets stay open) and asks
 * again every 10 s (one request: nothing next to the request budget), so a fixed token needs no
 * restart; {@link #refusedSince()} tells the watchdog.
 */
final class TokenGuard {

    private static final Logger log = LoggerFactory.getLogger(TokenGuard.class);
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final RateBudget budget;
    private final Clock clock;
    /** Since when Centra has refused the token (epoch ms); -1 while it accepts it. */
    private long refusedSince = -1;

    TokenGuard(RateBudget budget, Clock clock) {
        this.budget = budget;
        this.clock = clock;
    }

    void refused(CentraException e) {
        if (refusedSince < 0) {
            refusedSince = clock.millis();
            log.error("{}. Holding every change until Centra accepts the token again (asking every {} s)",
                    e.getMessage(), RETRY.toSeconds());
        }
        budget.pauseUntil(clock.instant().plus(RETRY));
    }

    void accepted() {
        if (refusedSince >= 0) {
            log.info("Centra accepts the token again; sending what was held");
            refusedSince = -1;
        }
    }

    OptionalLong refusedSince() {
        return refusedSince < 0 ? OptionalLong.empty() : OptionalLong.of(refusedSince);
    }

    /**
     * A read that Centra could not answer: stop for now. A refused token is held as above, a wait
     * Centra asked for is kept, anything else is asked again in 2 s.
     *
     * @throws SyncHalted when Centra's answer means no retry can help
     */
    void pauseFor(CentraException e) {
        switch (e.kind()) {
            case FATAL -> throw new SyncHalted(e.getMessage(), e);
            case UNAUTHORIZED -> refused(e);
            default -> budget.pauseUntil(e.retryAt() != null ? e.retryAt() : clock.instant().plusSeconds(2));
        }
    }
}
