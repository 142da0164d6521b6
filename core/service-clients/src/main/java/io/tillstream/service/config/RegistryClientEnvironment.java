package io.tillstream.service.config;

import io.tillstream.registry.client.SchemaRegistryClientConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * How a service reaches the schema registry: {@code TILLSTREAM_SCHEMA_REGISTRY_<X>[_FILE]} sets
 * {@code schema.registry.<x>} (Confluent's key names), e.g.
 * {@code TILLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION}, {@code ..._SSL_TRUSTSTORE_PASSWORD_FILE};
 * {@code TILLSTREAM_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE} sets {@code basic.auth.user.info}.
 */
public final class RegistryClientEnvironment {

    public static final String PREFIX = "TILLSTREAM_SCHEMA_REGISTRY_";
    private static final String BASIC_AUTH = "basic.auth.user.info";
    private static final String URL = "URL";

    private RegistryClientEnvironment() {
    }

    public static EnvironmentProperties from(Map<String, String> env) {
        ConfigDef def = SchemaRegistryClientConfig.configDef();
        return EnvironmentProperties.from(env, PREFIX, RegistryClientEnvironment::propertyName, def.names(),
                name -> def.configKeys().get(name).type == ConfigDef.Type.PASSWORD, Map.of());
    }

    /** The URL has its own variable in each service (and may carry credentials, so it stays out of logs here). */
    private static String propertyName(String rest) {
        if (rest.equals(URL)) {
            return null;
        }
        String dotted = EnvironmentProperties.dotted(rest);
        return dotted.equals(BASIC_AUTH) ? BASIC_AUTH : "schema.registry." + dotted;
    }
}
