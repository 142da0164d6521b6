package io.tillstream.centra.sink.config;

import io.tillstream.centra.client.RateTier;
import io.tillstream.centra.sink.sync.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The Centra stock sink's configuration, declared once. */
public final class CentraSinkConfig extends AbstractConfig {

    private static final String GROUP_CENTRA = "Centra";
    private static final String GROUP_BUDGET = "Rate budget";

    public static final String URL_CONFIG = "centra.url";
    private static final String URL_DOC = "Base URL of the Centra tenant; the Integration API is at <url>/graphql.";
    public static final String TOKEN_CONFIG = "centra.token";
    private static final String TOKEN_DOC = "Integration API token with StockChange:write. Never logged.";
    public static final String WAREHOUSES_CONFIG = "centra.warehouse.mapping";
    private static final String WAREHOUSES_DOC = "Empty (the default): each store's Centra warehouse comes from the "
            + "store registry (stores.v1 on the receipts cluster), followed live, so a store added with ./tillstream "
            + "store add needs no connector change. Set only to run without the registry: a fixed location to "
            + "warehouse id mapping, e.g. S001:12,S002:13.";
    public static final String TIER_CONFIG = "centra.rate.tier";
    private static final String TIER_DOC = "The tenant's rate-limit tier: GROWTH, ENHANCED, HIGH_VOLUME or ENTERPRISE.";
    public static final String SHARE_CONFIG = "centra.budget.share";
    private static final String SHARE_DOC = "Share of the tenant's mutation budget this connector may use: "
            + "the budget is shared with every other integration of the tenant.";
    public static final String MAX_SIZES_CONFIG = "centra.batch.max.sizes";
    private static final String MAX_SIZES_DOC = "Most sizes one changeStock mutation carries.";
    public static final String SCHEDULER_CONFIG = "centra.scheduler";
    private static final String SCHEDULER_DOC = "Which pending mutation the budget buys first: risk-first (a "
            + "warehouse holding a removal that leaves a size at 2 units or fewer goes first, then oldest first) "
            + "or fifo (oldest first, the baseline of ./tillstream bench centra).";
    public static final String TIMEOUT_CONFIG = "centra.request.timeout.ms";
    private static final String TIMEOUT_DOC = "How long to wait for Centra's answer before the outcome is unknown.";
    public static final String RECEIPTS_BOOTSTRAP_CONFIG = "centra.receipts.bootstrap.servers";
    private static final String RECEIPTS_BOOTSTRAP_DOC = "Kafka cluster of the receipt journal (normally the one "
            + "the connector reads from). Without it the sink is exactly-once only while a task lives: a restart "
            + "between a mutation and its offset commit can push that delta twice.";
    public static final String RECEIPTS_REGISTRY_CONFIG = "centra.receipts.schema.registry.url";
    private static final String RECEIPTS_PREFIX = "centra.receipts.";
    /** Kafka client settings of the receipt journal, e.g. centra.receipts.kafka.security.protocol. */
    public static final String RECEIPTS_KAFKA_PREFIX = "centra.receipts.kafka.";
    private static final String RECEIPTS_REGISTRY_DOC = "Confluent-compatible schema registry for the receipts' Avro values.";
    public static final String RECEIPTS_TOPIC_CONFIG = "centra.receipts.topic";
    private static final String RECEIPTS_TOPIC_DOC = "Compacted topic of the receipt journal.";
    private static final String GROUP_RECEIPTS = "Receipts";

    public static final String READBACK_CONFIG = "centra.readback";
    private static final String READBACK_DOC = "How the sink learns whether a mutation whose answer was lost was "
            + "applied. auto: by the stock-change query by description, or, if this Centra answers that the query "
            + "does not exist, by stock. stock: by comparing the sizes' physical stock with what was read just "
            + "before the mutation was sent (one extra read per mutation; an ambiguous answer stops the task).";
    public static final String READBACK_AUTO = "auto";
    public static final String READBACK_STOCK = "stock";

    public static final String HOLDBACK_ENABLED_CONFIG = "centra.holdback.enabled";
    private static final String HOLDBACK_ENABLED_DOC = "Hold a silent store's stock back from the webshop. While "
            + "reconciliation has STORE_SILENT open for a store (its tills may be selling offline), the threshold of "
            + "the store's Centra warehouse is raised by what the store is expected to have sold of one size "
            + "meanwhile: its recent sell rate per selling size times the silence, rounded up, at least 1, at most "
            + "centra.holdback.max.units. Centra's webshop sells free-to-allocate minus the threshold; physical "
            + "stock stays true. Set back to centra.holdback.base.threshold once the store is heard again and none "
            + "of its changes is still on its way. Reads the exceptions topic on the receipts cluster.";
    public static final String HOLDBACK_MAX_UNITS_CONFIG = "centra.holdback.max.units";
    private static final String HOLDBACK_MAX_UNITS_DOC = "The most units per size a silent store holds back.";
    public static final String HOLDBACK_BASE_CONFIG = "centra.holdback.base.threshold";
    private static final String HOLDBACK_BASE_DOC = "The threshold of a store warehouse when nothing is held back. "
            + "With hold-back on, Tillstream owns the threshold of every store warehouse: set it here, not in Centra.";
    public static final String HOLDBACK_MEMORY_CONFIG = "centra.holdback.rate.memory.ms";
    private static final String HOLDBACK_MEMORY_DOC = "How long the sell rate remembers a sale (the time constant "
            + "of its exponential weighting); sizes that sold within this time count as selling sizes.";
    public static final String HOLDBACK_TOPIC_CONFIG = "centra.holdback.exceptions.topic";
    private static final String HOLDBACK_TOPIC_DOC = "Reconciliation's exceptions topic, where STORE_SILENT is read.";
    private static final String GROUP_HOLDBACK = "Offline hold-back";

    /** Set by the connector for each task: the task's part of the budget. */
    public static final String TASK_MUTATIONS_CONFIG = "centra.task.mutations.per.10s";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, URL_DOC, GROUP_CENTRA, 1, Width.LONG, "Centra URL")
            .define(TOKEN_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, TOKEN_DOC,
                    GROUP_CENTRA, 2, Width.MEDIUM, "API token")
            .define(WAREHOUSES_CONFIG, Type.LIST, "", Importance.LOW, WAREHOUSES_DOC,
                    GROUP_CENTRA, 3, Width.LONG, "Warehouse mapping")
            .define(TIMEOUT_CONFIG, Type.INT, 10_000, ConfigDef.Range.between(1_000, 120_000), Importance.LOW,
                    TIMEOUT_DOC, GROUP_CENTRA, 4, Width.SHORT, "Request timeout (ms)")
            .define(TIER_CONFIG, Type.STRING, RateTier.GROWTH.name(), ConfigDef.ValidString.in(RateTier.names()),
                    Importance.HIGH, TIER_DOC, GROUP_BUDGET, 1, Width.SHORT, "Rate tier")
            .define(SHARE_CONFIG, Type.DOUBLE, 0.5, ConfigDef.Range.between(0.01, 1.0), Importance.HIGH, SHARE_DOC,
                    GROUP_BUDGET, 2, Width.SHORT, "Budget share")
            .define(MAX_SIZES_CONFIG, Type.INT, 200, ConfigDef.Range.between(1, 1_000), Importance.LOW,
                    MAX_SIZES_DOC, GROUP_BUDGET, 3, Width.SHORT, "Sizes per mutation")
            .define(SCHEDULER_CONFIG, Type.STRING, Scheduler.RISK_FIRST,
                    ConfigDef.ValidString.in(Scheduler.RISK_FIRST, Scheduler.FIFO), Importance.MEDIUM, SCHEDULER_DOC,
                    GROUP_BUDGET, 4, Width.SHORT, "Scheduler")
            .define(RECEIPTS_BOOTSTRAP_CONFIG, Type.STRING, "", Importance.HIGH, RECEIPTS_BOOTSTRAP_DOC,
                    GROUP_RECEIPTS, 1, Width.LONG, "Receipts Kafka")
            .define(RECEIPTS_REGISTRY_CONFIG, Type.STRING, "", Importance.HIGH, RECEIPTS_REGISTRY_DOC,
                    GROUP_RECEIPTS, 2, Width.LONG, "Receipts registry")
            .define(RECEIPTS_TOPIC_CONFIG, Type.STRING, "centra.sync-receipts.v1", new ConfigDef.NonEmptyString(),
                    Importance.LOW, RECEIPTS_TOPIC_DOC, GROUP_RECEIPTS, 3, Width.MEDIUM, "Receipts topic")
            .define(READBACK_CONFIG, Type.STRING, READBACK_AUTO, ConfigDef.ValidString.in(READBACK_AUTO, READBACK_STOCK),
                    Importance.LOW, READBACK_DOC, GROUP_CENTRA, 5, Width.SHORT, "Read-back")
            .define(HOLDBACK_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, HOLDBACK_ENABLED_DOC,
                    GROUP_HOLDBACK, 1, Width.SHORT, "Hold back silent stores")
            .define(HOLDBACK_MAX_UNITS_CONFIG, Type.INT, 3, ConfigDef.Range.between(1, 1_000), Importance.LOW,
                    HOLDBACK_MAX_UNITS_DOC, GROUP_HOLDBACK, 2, Width.SHORT, "Most units held per size")
            .define(HOLDBACK_BASE_CONFIG, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW, HOLDBACK_BASE_DOC,
                    GROUP_HOLDBACK, 3, Width.SHORT, "Base threshold")
            .define(HOLDBACK_MEMORY_CONFIG, Type.LONG, Duration.ofHours(4).toMillis(),
                    ConfigDef.Range.atLeast(1_000), Importance.LOW, HOLDBACK_MEMORY_DOC, GROUP_HOLDBACK, 4,
                    Width.SHORT, "Sell-rate memory (ms)")
            .define(HOLDBACK_TOPIC_CONFIG, Type.STRING, "reconciliation.exceptions.v1", new ConfigDef.NonEmptyString(),
                    Importance.LOW, HOLDBACK_TOPIC_DOC, GROUP_HOLDBACK, 5, Width.MEDIUM, "Exceptions topic")
            .define(TASK_MUTATIONS_CONFIG, Type.DOUBLE, null, Importance.LOW,
                    "Internal: set by the connector for each task.");

    private final Map<String, Integer> warehouses;

    public CentraSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        this.warehouses = parseWarehouses(getList(WAREHOUSES_CONFIG));
        if (!receiptsBootstrapServers().isBlank() && receiptsRegistryUrl().isBlank()) {
            throw new ConfigException(RECEIPTS_REGISTRY_CONFIG, "", "is required with " + RECEIPTS_BOOTSTRAP_CONFIG);
        }
        if (getBoolean(HOLDBACK_ENABLED_CONFIG) && receiptsBootstrapServers().isBlank()) {
            throw new ConfigException(HOLDBACK_ENABLED_CONFIG, true, "needs " + RECEIPTS_BOOTSTRAP_CONFIG
                    + ": the stores' silence is read from reconciliation's exceptions topic on that cluster");
        }
        if (warehouses.isEmpty() && receiptsBootstrapServers().isBlank()) {
            throw new ConfigException(WAREHOUSES_CONFIG, "", "is empty, so the sink follows the store registry, which"
                    + " is read from the receipts cluster: set " + RECEIPTS_BOOTSTRAP_CONFIG + " (or give a fixed mapping)");
        }
    }

    /** Empty unless {@value #HOLDBACK_ENABLED_CONFIG}: how a silent store is held back. */
    public Optional<HoldBackSettings> holdBack() {
        if (!getBoolean(HOLDBACK_ENABLED_CONFIG)) {
            return Optional.empty();
        }
        return Optional.of(new HoldBackSettings(getInt(HOLDBACK_MAX_UNITS_CONFIG), getInt(HOLDBACK_BASE_CONFIG),
                Duration.ofMillis(getLong(HOLDBACK_MEMORY_CONFIG)), getString(HOLDBACK_TOPIC_CONFIG)));
    }

    /** The hold-back's settings, read together. */
    public record HoldBackSettings(int maxUnits, int baseThreshold, Duration rateMemory, String exceptionsTopic) {
    }

    static Map<String, Integer> parseWarehouses(List<String> entries) {
        Map<String, Integer> map = new HashMap<>();
        for (String entry : entries) {
            String[] parts = entry.trim().split(":");
            try {
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new NumberFormatException();
                }
                map.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(WAREHOUSES_CONFIG, entry, "expected <location>:<warehouse id>, e.g. S001:12");
            }
        }
        // Receipts are keyed and compacted by (warehouse, size): two locations sharing a warehouse
        // would overwrite each other's receipts, and a restart could push a confirmed change again.
        Map<Integer, String> byWarehouse = new HashMap<>();
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(map).entrySet()) {
            String other = byWarehouse.putIfAbsent(e.getValue(), e.getKey());
            if (other != null) {
                throw new ConfigException(WAREHOUSES_CONFIG, entries, "warehouse " + e.getValue() + " is mapped from "
                        + other + " and " + e.getKey() + ": each store location needs a Centra warehouse of its own");
            }
        }
        return Map.copyOf(map);
    }

    public String centraUrl() {
        return getString(URL_CONFIG).replaceAll("/+$", "");
    }

    public Password token() {
        return getPassword(TOKEN_CONFIG);
    }

    /** The fixed mapping; empty when the sink follows the store registry. */
    public Map<String, Integer> warehouses() {
        return warehouses;
    }

    public RateTier tier() {
        return RateTier.valueOf(getString(TIER_CONFIG));
    }

    /** Mutations per 10 s this connector may spend in all (all tasks together). */
    public double connectorMutationsPer10s() {
        return tier().mutationsPer10s() * getDouble(SHARE_CONFIG);
    }

    /** Mutations per 10 s this task may spend. */
    public double taskMutationsPer10s() {
        Double perTask = getDouble(TASK_MUTATIONS_CONFIG);
        return perTask == null ? connectorMutationsPer10s() : perTask;
    }

    public Scheduler scheduler() {
        return Scheduler.named(getString(SCHEDULER_CONFIG));
    }

    public int maxSizesPerMutation() {
        return getInt(MAX_SIZES_CONFIG);
    }

    /** Empty when no receipt journal is configured. */
    public String receiptsBootstrapServers() {
        return getString(RECEIPTS_BOOTSTRAP_CONFIG);
    }

    public String receiptsRegistryUrl() {
        return getString(RECEIPTS_REGISTRY_CONFIG);
    }

    /**
     * The journal's Kafka clients: the bootstrap servers plus every {@code centra.receipts.kafka.*}
     * setting, prefix removed ({@code centra.receipts.kafka.security.protocol=SASL_SSL}, its
     * {@code sasl.jaas.config} through {@code ${file:…}}), as Debezium passes its history clients' settings.
     */
    public Map<String, Object> receiptsKafka() {
        Map<String, Object> kafka = new HashMap<>(originalsWithPrefix(RECEIPTS_KAFKA_PREFIX));
        kafka.put("bootstrap.servers", receiptsBootstrapServers());
        return kafka;
    }

    /** The journal's registry client: the URL plus {@code centra.receipts.schema.registry.ssl.*} and {@code centra.receipts.basic.auth.user.info}. */
    public Map<String, Object> receiptsRegistry() {
        Map<String, Object> registry = new HashMap<>();
        originalsWithPrefix(RECEIPTS_PREFIX).forEach((key, value) -> {
            if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.")) {
                registry.put(key, value);
            }
        });
        return registry;
    }

    public String receiptsTopic() {
        return getString(RECEIPTS_TOPIC_CONFIG);
    }

    /** True when read-back must compare stock, whatever Centra offers. */
    public boolean readBackByStock() {
        return READBACK_STOCK.equals(getString(READBACK_CONFIG));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getInt(TIMEOUT_CONFIG));
    }
}
