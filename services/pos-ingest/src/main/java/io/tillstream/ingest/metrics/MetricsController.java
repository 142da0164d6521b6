package io.tillstream.ingest.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code GET /metrics} in the Prometheus text format. Served by a controller rather than the
 * management endpoint, which lives at {@code /prometheus}: the contract and the scrapers say /metrics.
 */
@Controller("/metrics")
@Hidden // an operations endpoint without the store token, like /health: not part of the stores' API
public class MetricsController {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get
    @Produces(PROMETHEUS_TEXT)
    public String scrape() {
        return registry.scrape();
    }
}
