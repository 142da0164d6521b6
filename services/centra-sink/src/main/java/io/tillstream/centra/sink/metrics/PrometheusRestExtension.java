package io.tillstream.centra.sink.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.tillstream.centra.Version;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.management.JMException;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

/**
 * {@code GET /metrics} on the Connect worker's REST port, in the Prometheus text format, like the
 * project's services: every numeric {@code kafka.connect} JMX metric of the worker, the Centra
 * sink's plugin metrics among them. Enable with
 * {@code rest.extension.classes=io.tillstream.centra.sink.metrics.PrometheusRestExtension} in the
 * worker's configuration (it is found on the plugin path like the connectors).
 */
public class PrometheusRestExtension implements ConnectRestExtension {

    @Override
    public void register(ConnectRestExtensionContext context) {
        context.configurable().register(new MetricsResource());
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void close() {
    }

    /** The scrape endpoint. */
    @Path("/metrics")
    public static class MetricsResource {

        private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

        @GET
        @Produces(PrometheusTextFormatWriter.CONTENT_TYPE)
        public String scrape() throws IOException, JMException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TEXT.write(out, JmxSnapshot.of(ManagementFactory.getPlatformMBeanServer(), "kafka.connect"));
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
