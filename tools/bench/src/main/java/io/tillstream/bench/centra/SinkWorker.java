package io.tillstream.bench.centra;

import io.tillstream.centra.sink.CentraStockSinkConnector;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * Kafka's own Connect runtime (standalone, in this JVM) running one real Centra sink connector
 * per tenant, configured as in production except for the scheduler, the hold-back and the topics.
 */
final class SinkWorker implements AutoCloseable {

    private final Connect<StandaloneHerder> connect;
    private final String bootstrapServers;
    private final String registryUrl;

    private SinkWorker(Connect<StandaloneHerder> connect, String bootstrapServers, String registryUrl) {
        this.connect = connect;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    static SinkWorker start(String bootstrapServers, String registryUrl, Path work) {
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("listeners", "http://127.0.0.1:0");
        worker.put("offset.storage.file.filename", work.resolve("connect.offsets").toString());
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "io.tillstream.registry.connect.ConfluentAvroConverter");
        worker.put("value.converter.schema.registry.url", registryUrl);
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "1000");
        return new SinkWorker(new ConnectStandalone().startConnect(worker), bootstrapServers, registryUrl);
    }

    /**
     * The Centra sink for one tenant: the whole Growth budget (share 1.0), the tenant's scheduler, and
     * when the tenant holds silent stores back, the STORE_SILENT exceptions read from {@code exceptionsTopic}.
     */
    void startSink(CentraTenant tenant, Map<String, Integer> warehouses, String exceptionsTopic) throws Exception {
        String name = connectorName(tenant);
        Map<String, String> config = new HashMap<>();
        config.put("name", name);
        config.put("connector.class", CentraStockSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", tenant.changesTopic());
        config.put(CentraSinkConfig.URL_CONFIG, tenant.url());
        config.put(CentraSinkConfig.TOKEN_CONFIG, tenant.token);
        config.put(CentraSinkConfig.WAREHOUSES_CONFIG, String.join(",", warehouses.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).sorted().toList()));
        config.put(CentraSinkConfig.TIER_CONFIG, "GROWTH");
        config.put(CentraSinkConfig.SHARE_CONFIG, "1.0");
        config.put(CentraSinkConfig.SCHEDULER_CONFIG, tenant.scheduler);
        config.put(CentraSinkConfig.RECEIPTS_BOOTSTRAP_CONFIG, bootstrapServers);
        config.put(CentraSinkConfig.RECEIPTS_REGISTRY_CONFIG, registryUrl);
        config.put(CentraSinkConfig.RECEIPTS_TOPIC_CONFIG, tenant.receiptsTopic());
        if (tenant.holdBack) {
            config.put(CentraSinkConfig.HOLDBACK_ENABLED_CONFIG, "true");
            config.put(CentraSinkConfig.HOLDBACK_TOPIC_CONFIG, exceptionsTopic);
        }
        config.put("errors.tolerance", "all");
        // A registry or broker that cannot answer is waited for (retried without end, backing off to
        // 10 s), never a reason to set a valid change aside in the DLQ; the connector refuses less.
        config.put("errors.retry.timeout", "-1");
        config.put("errors.retry.delay.max.ms", "10000");
        config.put("errors.deadletterqueue.topic.name", tenant.changesTopic() + ".dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, config, true, created);
        created.get(30, TimeUnit.SECONDS);
    }

    static String connectorName(CentraTenant tenant) {
        return "bench-centra-" + tenant.name;
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
