package io.tillstream.centra.source;

import io.tillstream.centra.Version;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceConnector;

/** What both Centra source connectors share: plumbing only, the task does the reading. */
abstract class CentraScanConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new CentraSourceConfig(config(), props); // fail fast on a bad configuration
        this.props = Map.copyOf(props);
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
    public String version() {
        return Version.get();
    }
}
