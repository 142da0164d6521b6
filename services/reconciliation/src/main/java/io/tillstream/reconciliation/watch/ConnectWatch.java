package io.tillstream.reconciliation.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.domain.exceptions.ExceptionRules;
import io.tillstream.domain.exceptions.IntegrationRules;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.ReconciliationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECTOR_FAILED and CENTRA_AUTH_FAILED, read from Kafka Connect the way an operator would: the
 * connector's status on Connect's REST API ({@code GET /connectors/{name}/status}: a FAILED
 * connector or task, or no such connector) and the sink's own metrics on the worker's
 * {@code /metrics} ({@code centra-auth-failing}; {@code last-flush-age-ms}, since a RUNNING task
 * whose poll loop is stuck never says so in its status). Checked every 15 s, so a failure is an
 * exception within the minute. The REST API rather than JMX: it reaches a worker on another host
 * and needs nothing in the worker but the sink's metrics extension.
 */
public final class ConnectWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration INTERVAL = Duration.ofSeconds(15);
    /** Connect calls put on every poll, every few seconds when idle; its own limit is 5 min (max.poll.interval). */
    public static final Duration STUCK_AFTER = Duration.ofMinutes(3);
    private static final Pattern METRIC = Pattern.compile(
            "^kafka_connect_plugins_(last_flush_age_ms|centra_auth_failing)\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern TASK = Pattern.compile("task=\"([^\"]*)\"");

    /** Where raised and resolved exceptions go, and what is open now. */
    public interface Exceptions {
        Optional<ReconciliationException> current(String id);

        void publish(ReconciliationException exception);
    }

    /** The Connect cluster's workers: any answers for the connector's status, each for its own tasks' metrics. */
    private final List<URI> workers;
    private final String connector;
    /** Whether this instance is the one that watches (several reconciliation instances, one watch). */
    private final BooleanSupplier watching;
    private final Exceptions exceptions;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** What this watch last published per id: the view may not show it yet at the next check. */
    private final Map<String, ReconciliationException> published = new HashMap<>();
    private ScheduledExecutorService timer;
    private int unreachable;

    /**
     * @param watching asked before each check: with several reconciliation instances exactly one should
     *                 say yes, or each would raise and resolve every alarm (and alert its owner) once
     */
    public ConnectWatch(List<URI> workers, String connector, BooleanSupplier watching, Exceptions exceptions,
                        Clock clock) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("no Connect worker to watch");
        }
        this.workers = List.copyOf(workers);
        this.watching = watching;
        this.connector = connector;
        this.exceptions = exceptions;
        this.clock = clock;
    }

    public ConnectWatch start() {
        return start(INTERVAL);
    }

    /** @param every how often to check (the default is {@link #INTERVAL}) */
    public ConnectWatch start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "connect-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Watching Kafka Connect's {} at {}", connector, workers);
        return this;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Connect watch check failed: {}", e.toString());
        }
    }

    /** One look at the connector, if this instance watches; raises or resolves what changed. */
    public void check() {
        if (!watching.getAsBoolean()) {
            // Another instance watches; what this one published earlier may be stale by the time it
            // watches again, so it starts from the exceptions view then.
            published.clear();
            unreachable = 0;
            return;
        }
        Instant now = clock.instant();
        Optional<String> failure;
        Optional<Map<String, Map<String, Double>>> metrics = Optional.empty();
        JsonNode status = null;
        try {
            HttpResponse<String> response = get("/connectors/" + connector + "/status");
            unreachable = 0;
            metrics = metrics();
            status = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            failure = failure(response.statusCode(), status,
                    metrics.map(m -> m.getOrDefault("last_flush_age_ms", Map.of())).orElse(Map.of()));
        } catch (IOException e) {
            // One missed answer is a worker restarting; two in a row (30 s) is down.
            failure = ++unreachable >= 2
                    ? Optional.of("no Connect worker at " + workers + " answers (" + e.getClass().getSimpleName()
                    + ")") : Optional.empty();
            if (failure.isEmpty()) {
                return;
            }
        }
        String failedId = ExceptionRules.id(ExceptionType.CONNECTOR_FAILED, connector);
        failure.map(reason -> IntegrationRules.connectorFailed(current(failedId), connector, reason, now))
                .orElseGet(() -> IntegrationRules.connectorRunning(current(failedId), now))
                .ifPresent(this::publish);
        checkToken(metrics.map(m -> m.getOrDefault("centra_auth_failing", Map.of())), status, now);
    }

    /**
     * CENTRA_AUTH_FAILED from the tasks' {@code centra-auth-failing}: raised when one says so,
     * resolved only when every running task says it is not. Nothing is decided when the metrics
     * cannot be read (another worker, a worker restarting): not knowing is not "the token works".
     */
    private void checkToken(Optional<Map<String, Double>> authFailing, JsonNode status, Instant now) {
        if (authFailing.isEmpty() || status == null) {
            return;
        }
        String authId = ExceptionRules.id(ExceptionType.CENTRA_AUTH_FAILED, connector);
        if (authFailing.get().values().stream().anyMatch(v -> v >= 1)) {
            IntegrationRules.centraAuthFailed(current(authId), connector, now).ifPresent(this::publish);
            return;
        }
        boolean everyTaskSaid = true;
        for (JsonNode task : status.path("tasks")) {
            everyTaskSaid &= !"RUNNING".equals(task.path("state").asText())
                    || authFailing.get().containsKey(task.path("id").asText());
        }
        if (everyTaskSaid && !status.path("tasks").isEmpty()) {
            IntegrationRules.centraAuthAccepted(current(authId), now).ifPresent(this::publish);
        }
    }

    /** Why the connector does not work, from its status and its tasks' flush ages; empty when it does. */
    private Optional<String> failure(int statusCode, JsonNode json, Map<String, Double> flushAge) {
        if (statusCode == 404) {
            return Optional.of("no connector named " + connector + " on this Connect cluster (deleted, never created)");
        }
        if (json == null) {
            return Optional.of("its status cannot be read (HTTP " + statusCode + ")");
        }
        if ("FAILED".equals(json.at("/connector/state").asText())) {
            return Optional.of("the connector FAILED: " + firstLine(json.at("/connector/trace").asText()));
        }
        if (json.path("tasks").isEmpty()) {
            return Optional.of("no task is running (connector " + json.at("/connector/state").asText() + ")");
        }
        for (JsonNode task : json.path("tasks")) {
            String id = task.path("id").asText();
            if ("FAILED".equals(task.path("state").asText())) {
                return Optional.of("task " + id + " FAILED on " + task.path("worker_id").asText() + ": "
                        + firstLine(task.path("trace").asText()));
            }
            Double age = flushAge.get(id);
            if ("RUNNING".equals(task.path("state").asText()) && age != null && age > STUCK_AFTER.toMillis()) {
                return Optional.of("task " + id + " is RUNNING but has not polled for " + (long) (age / 60_000)
                        + " min");
            }
        }
        return Optional.empty();
    }

    /**
     * The sink's metrics per name and task, from each worker's Prometheus text (a worker reports only
     * the tasks it runs); empty when no worker has a {@code /metrics}.
     */
    private Optional<Map<String, Map<String, Double>>> metrics() {
        Map<String, Map<String, Double>> byName = new HashMap<>();
        boolean any = false;
        for (URI worker : workers) {
            HttpResponse<String> response;
            try {
                response = get(worker, "/metrics");
            } catch (IOException e) {
                continue; // its tasks are reported missing below, never as "the token works"
            }
            if (response.statusCode() != 200) {
                continue;
            }
            any = true;
            Matcher m = METRIC.matcher(response.body());
            while (m.find()) {
                String labels = m.group(2);
                Matcher task = TASK.matcher(labels);
                if (labels.contains("connector=\"" + connector + "\"") && task.find()) {
                    byName.computeIfAbsent(m.group(1), k -> new HashMap<>())
                            .put(task.group(1), Double.parseDouble(m.group(3)));
                }
            }
        }
        return any ? Optional.of(byName) : Optional.empty();
    }

    /**
     * From the first worker that answers 200: a worker down is not the connector down, nor is one that is
     * restarting (it answers 404 for every connector until it has read the config topic).
     */
    private HttpResponse<String> get(String path) throws IOException {
        IOException failure = null;
        HttpResponse<String> answer = null;
        for (URI worker : workers) {
            try {
                answer = get(worker, path);
                if (answer.statusCode() == 200) {
                    return answer;
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (answer != null) {
            return answer; // every worker that answered says so
        }
        throw failure;
    }

    private HttpResponse<String> get(URI worker, String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(worker.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private ReconciliationException current(String id) {
        ReconciliationException mine = published.get(id);
        return mine != null ? mine : exceptions.current(id).orElse(null);
    }

    private void publish(ReconciliationException exception) {
        exceptions.publish(exception);
        published.put(exception.getId(), exception);
        log.info("{} {}: {}", exception.getId(), exception.getStatus(), exception.getActual());
    }

    private static String firstLine(String trace) {
        int end = trace.indexOf('\n');
        return (end < 0 ? trace : trace.substring(0, end)).trim();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
