package io.tillstream.reconciliation.alerts;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to a webhook, retrying connection failures, timeouts, 429 and 5xx with exponential
 * backoff. Logs the webhook's host only: the rest of the URL is the secret.
 */
final class WebhookClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(WebhookClient.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Duration firstDelay;
    private final int maxAttempts;

    WebhookClient(Duration retryDelay, int maxAttempts) {
        this.firstDelay = retryDelay.isZero() ? Duration.ofMillis(1) : retryDelay;
        this.maxAttempts = maxAttempts;
    }

    private RetryPolicy<HttpResponse<Void>> retry(String what, URI webhook) {
        return RetryPolicy.<HttpResponse<Void>>builder()
                .handleIf((response, failure) -> failure != null || retryable(response.statusCode()))
                .withBackoff(firstDelay, firstDelay.multipliedBy(16))
                .withMaxAttempts(maxAttempts)
                .onRetry(e -> log.warn("Retrying {} to the webhook at {} (attempt {} of {}): {}", what,
                        webhook.getHost(), e.getAttemptCount() + 1, maxAttempts, outcome(e.getLastResult(),
                                e.getLastException())))
                .build();
    }

    /** A status or an exception's type: an exception's message may quote the URL. */
    private static String outcome(HttpResponse<Void> response, Throwable failure) {
        if (failure == null) {
            return "HTTP " + response.statusCode();
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName();
    }

    private static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /** Completes with whether the webhook took the message; never completes exceptionally. */
    CompletableFuture<Boolean> post(String what, URI webhook, byte[] json) {
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        return Failsafe.with(retry(what, webhook))
                .getStageAsync(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .handle((response, failure) -> {
                    if (failure == null && response.statusCode() / 100 == 2) {
                        return true;
                    }
                    log.error("Could not deliver {} to the webhook at {}; dropped: {}", what, webhook.getHost(),
                            outcome(response, failure));
                    return false;
                });
    }
}
