package io.tillstream.centra.source;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/** Configuration shared by the Centra source connectors (catalogue and stock). */
public final class CentraSourceConfig extends AbstractConfig {

    public static final String URL_CONFIG = "centra.url";
    public static final String TOKEN_CONFIG = "centra.token";
    public static final String TOPIC_CONFIG = "topic";
    public static final String REGISTRY_CONFIG = "schema.registry.url";
    public static final String INTERVAL_CONFIG = "centra.scan.interval.ms";
    public static final String PAGE_SIZE_CONFIG = "centra.page.size";
    public static final String READS_CONFIG = "centra.read.requests.per.10s";

    static ConfigDef configDef(String defaultTopic, long defaultIntervalMs) {
        return new ConfigDef()
                .define(URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Base URL of the Centra tenant; the Integration API is at <url>/graphql.")
                .define(TOKEN_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Integration API token with read permissions. Never logged.")
                .define(TOPIC_CONFIG, Type.STRING, defaultTopic, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Topic the records are written to.")
                .define(REGISTRY_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Confluent-compatible schema registry for the Avro values.")
                .define(INTERVAL_CONFIG, Type.LONG, defaultIntervalMs, ConfigDef.Range.atLeast(1_000), Importance.MEDIUM,
                        "Pause between the end of one full scan and the start of the next.")
                .define(PAGE_SIZE_CONFIG, Type.INT, 200, ConfigDef.Range.between(1, 200), Importance.LOW,
                        "Items per page (Centra allows at most 200).")
                .define(READS_CONFIG, Type.DOUBLE, 3.0, ConfigDef.Range.between(0.1, 1_500), Importance.HIGH,
                        "Requests per 10 s this connector may use: Centra's request budget (60 per 10 s on Growth) "
                                + "is shared with the sink and every other integration of the tenant.");
    }

    public CentraSourceConfig(ConfigDef def, Map<String, String> props) {
        super(def, props);
    }

    String centraUrl() {
        return getString(URL_CONFIG).replaceAll("/+$", "");
    }

    Password token() {
        return getPassword(TOKEN_CONFIG);
    }

    String topic() {
        return getString(TOPIC_CONFIG);
    }

    String registryUrl() {
        return getString(REGISTRY_CONFIG);
    }

    /**
     * The registry client's settings: the URL plus {@code schema.registry.ssl.*} and
     * {@code basic.auth.user.info} (Confluent's names), for a registry behind TLS or basic auth.
     */
    Map<String, Object> registry() {
        Map<String, Object> registry = new HashMap<>();
        originals().forEach((key, value) -> {
            if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.")) {
                registry.put(key, value);
            }
        });
        return registry;
    }

    Duration interval() {
        return Duration.ofMillis(getLong(INTERVAL_CONFIG));
    }

    int pageSize() {
        return getInt(PAGE_SIZE_CONFIG);
    }

    double readsPer10s() {
        return getDouble(READS_CONFIG);
    }
}
