package io.tillstream.centra.source;

import io.tillstream.centra.sink.Version;
import io.tillstream.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Centra's SKU master → {@code centra.catalog.v1}: every product size, written when it appears or
 * changes. Centra owns the catalogue; this is how it flows to the POS side.
 */
public class CentraCatalogSourceConnector extends SourceConnector {

    static final ConfigDef CONFIG_DEF = CentraSourceConfig.configDef(Topics.CENTRA_CATALOG.name(), 60_000);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new CentraSourceConfig(CONFIG_DEF, props); // fail fast on a bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CentraCatalogSourceTask.class;
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
