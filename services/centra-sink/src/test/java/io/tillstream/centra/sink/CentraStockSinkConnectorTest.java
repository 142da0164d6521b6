package io.tillstream.centra.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.tillstream.centra.sink.config.CentraSinkConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class CentraStockSinkConnectorTest {

    private static Map<String, String> config() {
        Map<String, String> c = new HashMap<>();
        c.put(CentraSinkConfig.URL_CONFIG, "https://tenant.centra.com/");
        c.put(CentraSinkConfig.TOKEN_CONFIG, "secret-token");
        c.put(CentraSinkConfig.WAREHOUSES_CONFIG, "S001:12, S002:13");
        return c;
    }

    @Test
    void shouldSplitTheBudgetShareBetweenTasks() {
        CentraStockSinkConnector connector = new CentraStockSinkConnector();
        connector.start(config());
        List<Map<String, String>> tasks = connector.taskConfigs(2);

        assertThat(tasks).hasSize(2);
        // GROWTH = 20 mutations per 10 s, default share 0.5, two tasks.
        assertThat(new CentraSinkConfig(tasks.get(0)).taskMutationsPer10s()).isEqualTo(5.0);
        assertThat(new CentraSinkConfig(config()).warehouses()).containsEntry("S001", 12).containsEntry("S002", 13);
        assertThat(new CentraSinkConfig(config()).centraUrl()).isEqualTo("https://tenant.centra.com");
    }

    @Test
    void shouldExplainABadWarehouseMappingInValidate() {
        Map<String, String> bad = config();
        bad.put(CentraSinkConfig.WAREHOUSES_CONFIG, "S001=12");
        ConfigValue mapping = new CentraStockSinkConnector().validate(bad).configValues().stream()
                .filter(v -> v.name().equals(CentraSinkConfig.WAREHOUSES_CONFIG)).findFirst().orElseThrow();

        assertThat(mapping.errorMessages()).singleElement().asString().contains("<location>:<warehouse id>");
    }

    @Test
    void shouldRefuseTwoLocationsSharingAWarehouse() {
        Map<String, String> shared = config();
        shared.put(CentraSinkConfig.WAREHOUSES_CONFIG, "S001:12, S002:12");

        assertThat(errors(shared)).singleElement().asString().contains("warehouse 12 is mapped from S001 and S002");
    }

    @Test
    void shouldRefuseADeadLetterQueueThatSkipsWhatCouldBeRetried() {
        Map<String, String> risky = config();
        risky.put("tasks.max", "2"); // several tasks are fine: PartitionHandOverIT
        risky.put("errors.tolerance", "all");

        assertThat(errors(risky)).singleElement().asString().startsWith("errors.retry.timeout must be -1");

        risky.put("errors.retry.timeout", "-1");
        assertThat(errors(risky)).isEmpty();
        assertThat(errors(config())).as("the defaults: a failing record stops the task").isEmpty();
    }

    private static List<String> errors(Map<String, String> config) {
        return new CentraStockSinkConnector().validate(config).configValues().stream()
                .flatMap(v -> v.errorMessages().stream()).toList();
    }

    @Test
    void shouldRefuseAnUnknownTierAndNeverPrintTheToken() {
        Map<String, String> bad = config();
        bad.put(CentraSinkConfig.TIER_CONFIG, "PLATINUM");
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new CentraSinkConfig(bad))
                .withMessageContaining(CentraSinkConfig.TIER_CONFIG);
        assertThat(new CentraSinkConfig(config()).toString()).doesNotContain("secret-token");
    }
}
