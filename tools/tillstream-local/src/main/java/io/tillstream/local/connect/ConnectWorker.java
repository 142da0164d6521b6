package io.tillstream.local.connect;

import io.tillstream.centra.sink.CentraStockSinkConnector;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import io.tillstream.centra.sink.metrics.PrometheusRestExtension;
import io.tillstream.centra.source.CentraCatalogSourceConnector;
import io.tillstream.centra.source.CentraSourceConfig;
import io.tillstream.centra.source.CentraStockSourceConnector;
import io.tillstream.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * Kafka's own Connect runtime in standalone mode, in this JVM, running the Centra sink. In
 * production the same plugin runs in distributed Connect; standalone keeps source offsets in a
 * file in the data directory, while a sink's offsets are consumer-group commits on the broker.
 */
public final class ConnectWorker implements AutoCloseable {

    public static final String SINK_NAME = "centra-stock-sink";

    private static final String SECRETS_FILE = "centra.properties";

    private final Connect<StandaloneHerder> connect;
    private final String bootstrapServers;
    private final String registryUrl;
    private final Path secrets;

    private ConnectWorker(Connect<StandaloneHerder> connect, String bootstrapServers, String registryUrl, Path secrets) {
        this.connect = connect;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.secrets = secrets;
    }

    /**
     * @param secrets a directory only this user can read, for the Centra token: the connectors name it
     *                as {@code ${file:...}}, so Connect's REST API (GET .../config) shows the reference,
     *                never the token, and the worker's file provider reads nothing outside it
     */
    public static ConnectWorker start(String bootstrapServers, String registryUrl, Path offsetsFile, int port,
                                      Path secrets) {
        try {
            // the file provider checks at start that its allowed directory exists
            Files.createDirectories(secrets);
            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create Connect's secrets directory " + secrets, e);
        }
        Map<String, String> worker = new HashMap<>();
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        worker.put("config.providers.file.param.allowed.paths", secrets.toAbsolutePath().toString());
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("listeners", "http://127.0.0.1:" + port);
        worker.put("offset.storage.file.filename", offsetsFile.toString());
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "io.tillstream.registry.connect.ConfluentAvroConverter");
        worker.put("value.converter.schema.registry.url", registryUrl);
        // Plugins come from the classpath; skip the slow classpath scan.
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "1000");
        // The projector writes stock.changes.v1 transactionally: never push an aborted change to Centra.
        worker.put("consumer.isolation.level", "read_committed");
        // After a crash the new worker's sink consumer waits for the dead one's session to expire
        // before it gets any partition: the default 45 s kept every store movement from Centra for
        // that long after each restart (measured: about a minute of 159 sizes pending). 10 s, with a
        // heartbeat every 3 s, is still far above any pause on one machine.
        worker.put("consumer.session.timeout.ms", "10000");
        worker.put("consumer.heartbeat.interval.ms", "3000");
        // GET <connect>/metrics: the sink's metrics (and the worker's) in Prometheus text.
        worker.put("rest.extension.classes", PrometheusRestExtension.class.getName());
        return new ConnectWorker(new ConnectStandalone().startConnect(worker), bootstrapServers, registryUrl,
                secrets.toAbsolutePath());
    }

    /** Keeps the token in the secrets directory (owner-only) and answers the reference the connectors carry. */
    private String tokenReference(String centraToken) throws IOException {
        Path file = secrets.resolve(SECRETS_FILE);
        Path tmp = secrets.resolve(SECRETS_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties p = new Properties();
        p.setProperty("token", centraToken);
        try (var out = Files.newOutputStream(tmp)) {
            p.store(out, "The Centra Integration API token, read by Connect's FileConfigProvider");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return "${file:" + file + ":token}";
    }

    /** Creates or updates the Centra stock sink; it follows the store registry for each store's warehouse. */
    public void startCentraSink(String centraUrl, String centraToken) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("name", SINK_NAME);
        config.put("connector.class", CentraStockSinkConnector.class.getName());
        config.put("tasks.max", "1");
        // The stores' changes, and the corrections ./tillstream audit --repair asks for.
        config.put("topics", Topics.STOCK_CHANGES.name() + "," + Topics.CENTRA_CORRECTIONS.name());
        config.put(CentraSinkConfig.URL_CONFIG, centraUrl);
        config.put(CentraSinkConfig.TOKEN_CONFIG, tokenReference(centraToken));
        config.put(CentraSinkConfig.RECEIPTS_BOOTSTRAP_CONFIG, bootstrapServers);
        config.put(CentraSinkConfig.RECEIPTS_REGISTRY_CONFIG, registryUrl);
        config.put("errors.tolerance", "all");
        // A registry or broker that cannot answer is waited for (retried without end, backing off to
        // 10 s), never a reason to set a valid change aside in the DLQ; the connector refuses less.
        config.put("errors.retry.timeout", "-1");
        config.put("errors.retry.delay.max.ms", "10000");
        config.put("errors.deadletterqueue.topic.name", Topics.STOCK_CHANGES_DLQ.name());
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(SINK_NAME, config, true, created);
        created.get(30, TimeUnit.SECONDS);
    }

    /**
     * The catalogue and stock source connectors. Their tasks serialize values themselves (the
     * schemas module's Avro, Confluent wire format), so the connectors use the ByteArrayConverter.
     * They share the tenant's request budget with the sink: a few reads per 10 s each.
     */
    public void startCentraSources(String centraUrl, String centraToken) throws Exception {
        startSource("centra-catalog-source", CentraCatalogSourceConnector.class.getName(), centraUrl, centraToken,
                Topics.CENTRA_CATALOG.name(), "60000");
        startSource("centra-stock-source", CentraStockSourceConnector.class.getName(), centraUrl, centraToken,
                Topics.CENTRA_STOCK.name(), "15000");
    }

    private void startSource(String name, String connectorClass, String centraUrl, String centraToken, String topic,
                             String intervalMs) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("name", name);
        config.put("connector.class", connectorClass);
        config.put("tasks.max", "1");
        config.put(CentraSourceConfig.URL_CONFIG, centraUrl);
        config.put(CentraSourceConfig.TOKEN_CONFIG, tokenReference(centraToken));
        config.put(CentraSourceConfig.TOPIC_CONFIG, topic);
        config.put(CentraSourceConfig.REGISTRY_CONFIG, registryUrl);
        config.put(CentraSourceConfig.INTERVAL_CONFIG, intervalMs);
        config.put(CentraSourceConfig.READS_CONFIG, "3");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, config, true, created);
        created.get(30, TimeUnit.SECONDS);
    }

    /** The REST root without Jetty's trailing slash, so that {@code url + "/connectors"} is a valid path. */
    public URI url() {
        String root = connect.rest().serverUrl().toString();
        return URI.create(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
