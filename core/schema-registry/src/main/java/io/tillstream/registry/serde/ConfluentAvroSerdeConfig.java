package io.tillstream.registry.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serdes' own settings, read next to {@code schema.registry.url} and the other keys of
 * {@link io.tillstream.registry.client.SchemaRegistryClientConfig} when Kafka instantiates a serde
 * by class name.
 */
public final class ConfluentAvroSerdeConfig extends AbstractConfig {

    public static final String VALUE_TYPE_CONFIG = "tillstream.avro.value.type";
    public static final String KEY_TYPE_CONFIG = "tillstream.avro.key.type";
    private static final String TYPE_DOC = "Generated SpecificRecord class(es) the %s is written with and read"
            + " into, e.g. io.tillstream.schemas.StockChange; several, comma-separated, make a union (one topic"
            + " carrying several record types). Unset: the serializer writes each record with its own schema and"
            + " the deserializer returns GenericRecords.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether the serializer registers its schema; when"
            + " false it only looks the schema up and fails if it is not registered (for registries where"
            + " schemas are registered by CI).";

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(VALUE_TYPE_CONFIG, Type.LIST, List.of(), Importance.HIGH, String.format(TYPE_DOC, "value"))
            .define(KEY_TYPE_CONFIG, Type.LIST, List.of(), Importance.MEDIUM, String.format(TYPE_DOC, "key"))
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC);

    public ConfluentAvroSerdeConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, classesToNames(originals), false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    /** The configured schema for the key or value side, or null when no type is configured. */
    public Schema schema(boolean isKey) {
        String key = isKey ? KEY_TYPE_CONFIG : VALUE_TYPE_CONFIG;
        List<String> names = getList(key);
        if (names.isEmpty()) {
            return null;
        }
        ClassLoader loader = SpecificModels.defaultLoader();
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            try {
                types.add(Class.forName(name.trim(), true, loader));
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, name, "class not found");
            }
        }
        try {
            return SpecificModels.schemaOf(types);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, names, e.getMessage());
        }
    }

    /** Lets callers put Class objects (or lists of them) where a class name is expected. */
    private static Map<String, ?> classesToNames(Map<String, ?> originals) {
        Map<String, Object> copy = new HashMap<>(originals);
        for (String key : List.of(VALUE_TYPE_CONFIG, KEY_TYPE_CONFIG)) {
            Object value = copy.get(key);
            if (value instanceof Class<?> type) {
                copy.put(key, type.getName());
            } else if (value instanceof List<?> list) {
                copy.put(key, list.stream()
                        .map(v -> v instanceof Class<?> c ? c.getName() : String.valueOf(v)).toList());
            }
        }
        return copy;
    }
}
