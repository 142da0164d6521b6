package io.tillstream.centra.source;

import io.tillstream.centra.sink.Version;
import io.tillstream.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Centra's stock per warehouse and size → {@code centra.stock.v1}, written when it changes, for
 * reconciliation: what Centra believes, beside what the POS ledger says. A rolling full scan.
 */
public class CentraStockSourceConnector extends SourceConnector {

    static final ConfigDef CONFIG_DEF = CentraSourceConfig.configDef(Topics.CENTRA_STOCK.name(), 10_000);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new CentraSourceConfig(CONFIG_DEF, props); // fail fast on a bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CentraStockSourceTask.class;
    }

    /** One task: a scan is one cursor through Centra's pages. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
