package io.tillstream.centra.sink;

import io.tillstream.centra.Version;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** Pushes {@code stock.changes.v1} into Centra warehouses with {@code changeStock}. */
public class CentraStockSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new CentraSinkConfig(props); // fail fast on a bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CentraStockSinkTask.class;
    }

    /** Each task gets an equal part of the connector's share of the budget, so together they never exceed it. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        double perTask = new CentraSinkConfig(props).connectorMutationsPer10s() / maxTasks;
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(CentraSinkConfig.TASK_MUTATIONS_CONFIG, Double.toString(perTask));
            configs.add(config);
        }
        return configs;
    }

    /** Adds the cross-field checks ConfigDef cannot express to the per-field ones. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        ConfigValue mapping = config.configValues().stream()
                .filter(v -> v.name().equals(CentraSinkConfig.WAREHOUSES_CONFIG)).findFirst().orElseThrow();
        boolean fieldsValid = config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (fieldsValid) {
            try {
                new CentraSinkConfig(connectorConfigs);
            } catch (ConfigException e) {
                String field = e.getMessage().contains(CentraSinkConfig.RECEIPTS_REGISTRY_CONFIG)
                        ? CentraSinkConfig.RECEIPTS_REGISTRY_CONFIG : CentraSinkConfig.WAREHOUSES_CONFIG;
                config.configValues().stream().filter(v -> v.name().equals(field)).findFirst()
                        .orElse(mapping).addErrorMessage(e.getMessage());
            }
        }
        refuse(config, connectorConfigs, "errors.retry.timeout",
                v -> !"all".equals(connectorConfigs.get("errors.tolerance")) || v != null && v.trim().equals("-1"),
                "must be -1 with errors.tolerance=all: a schema registry or broker that cannot answer is waited "
                        + "for; with a finite timeout Connect sends valid stock changes to the dead letter queue");
        return config;
    }

    /** Adds an error to a framework setting (not in this connector's ConfigDef) that the sink cannot run with. */
    private static void refuse(Config config, Map<String, String> configs, String name,
                               java.util.function.Predicate<String> accepted, String why) {
        String value = configs.get(name);
        if (!accepted.test(value)) {
            config.configValues().add(new ConfigValue(name, value, List.of(), List.of(name + " " + why)));
        }
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CentraSinkConfig.CONFIG_DEF;
    }
}
