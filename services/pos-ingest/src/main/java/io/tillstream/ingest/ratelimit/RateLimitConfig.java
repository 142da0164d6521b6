package io.tillstream.ingest.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The request budget of each store: a sustained rate and a burst on top, so a till flushing its
 * offline queue gets through while a runaway till is held to its own budget.
 *
 * @param perSecond requests per second a store may keep up
 * @param burst     requests a store may send at once after being quiet
 */
@ConfigurationProperties("tillstream.ingest.rate-limit")
public record RateLimitConfig(@Bindable(defaultValue = "true") boolean enabled,
                              @Bindable(defaultValue = "50") double perSecond,
                              @Bindable(defaultValue = "100") int burst) {
}
