package io.tillstream.reconciliation.alerts;

import io.tillstream.schemas.Owner;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where each owner team hears of its exceptions (one Slack-compatible incoming webhook per team), and
 * how much it hears. Webhook URLs carry secrets (Slack puts the token in the path), so this record's
 * {@link #toString()} shows hosts only, and nothing else in the alerts package logs more than a host.
 *
 * @param webhooks   owner → webhook URL; an owner without one gets no alerts
 * @param perWindow  at most this many alerts per owner and window; the rest are summed up in one
 *                   "and K more" message when the window ends
 * @param window     the throttling window
 * @param retryDelay the first delay between delivery attempts; it doubles up to {@link #MAX_ATTEMPTS} attempts
 */
public record AlertSettings(Map<Owner, URI> webhooks, int perWindow, Duration window, Duration retryDelay) {

    /** {@code TILLSTREAM_WEBHOOK_<OWNER>}, e.g. TILLSTREAM_WEBHOOK_RETAIL_OPS. */
    public static final String WEBHOOK_ENV_PREFIX = "TILLSTREAM_WEBHOOK_";
    public static final String PER_WINDOW_ENV = "TILLSTREAM_ALERTS_PER_WINDOW";
    /** ISO-8601, e.g. PT10M. */
    public static final String WINDOW_ENV = "TILLSTREAM_ALERTS_WINDOW";
    /** Every variable the alerts read (see docs/deploy.md). */
    public static final List<String> ENVIRONMENT = Stream.concat(
            Arrays.stream(Owner.values()).map(o -> WEBHOOK_ENV_PREFIX + o.name()),
            Stream.of(PER_WINDOW_ENV, WINDOW_ENV)).toList();

    public static final int DEFAULT_PER_WINDOW = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(500);
    public static final int MAX_ATTEMPTS = 5;

    public AlertSettings {
        webhooks = Map.copyOf(webhooks);
        webhooks.forEach((owner, url) -> requireHttp(url, owner.name()));
        if (perWindow < 1 || window.isNegative() || window.isZero() || retryDelay.isNegative()) {
            throw new IllegalArgumentException("Alerts need at least one message per window and a positive window: "
                    + perWindow + " per " + window + ", retry after " + retryDelay);
        }
    }

    /** No webhooks: nobody is alerted, and no alerts consumer runs. */
    public static AlertSettings none() {
        return new AlertSettings(Map.of(), DEFAULT_PER_WINDOW, DEFAULT_WINDOW, DEFAULT_RETRY_DELAY);
    }

    /**
     * From {@code TILLSTREAM_WEBHOOK_<OWNER>}, {@value #PER_WINDOW_ENV} and {@value #WINDOW_ENV}.
     *
     * @throws IllegalArgumentException naming the variable (never echoing a webhook URL)
     */
    public static AlertSettings fromEnvironment(Map<String, String> env) {
        Map<Owner, URI> webhooks = new EnumMap<>(Owner.class);
        for (Owner owner : Owner.values()) {
            String variable = WEBHOOK_ENV_PREFIX + owner.name();
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                try {
                    webhooks.put(owner, requireHttp(URI.create(value.trim()), variable));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(variable + " must be an absolute http(s) URL");
                }
            }
        }
        int perWindow;
        Duration window;
        try {
            perWindow = Integer.parseInt(env.getOrDefault(PER_WINDOW_ENV, Integer.toString(DEFAULT_PER_WINDOW)).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PER_WINDOW_ENV + " must be a whole number, not "
                    + env.get(PER_WINDOW_ENV));
        }
        try {
            window = Duration.parse(env.getOrDefault(WINDOW_ENV, DEFAULT_WINDOW.toString()).trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(WINDOW_ENV + " must be an ISO-8601 duration such as PT10M, not "
                    + env.get(WINDOW_ENV));
        }
        return new AlertSettings(webhooks, perWindow, window, DEFAULT_RETRY_DELAY);
    }

    private static URI requireHttp(URI url, String name) {
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("The webhook of " + name + " must be an absolute http(s) URL");
        }
        return url;
    }

    public boolean enabled() {
        return !webhooks.isEmpty();
    }

    /** Hosts only: the rest of a webhook URL is a secret. */
    @Override
    public String toString() {
        return "AlertSettings[webhooks=" + webhooks.entrySet().stream()
                .map(e -> e.getKey() + "→" + e.getValue().getHost())
                .collect(Collectors.joining(", ", "{", "}"))
                + ", perWindow=" + perWindow + ", window=" + window + ", retryDelay=" + retryDelay + "]";
    }
}
