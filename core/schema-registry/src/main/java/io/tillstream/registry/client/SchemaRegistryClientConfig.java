package io.tillstream.registry.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a schema registry. The key names are Confluent's, so an existing producer,
 * consumer, Streams or Connect configuration works unchanged; other keys in the map are ignored.
 */
public final class SchemaRegistryClientConfig extends AbstractConfig {

    public static final String URL_CONFIG = "schema.registry.url";
    private static final String URL_DOC = "Comma-separated base URLs of the schema registry; the next is tried"
            + " only when one cannot be reached. Credentials in a URL (http://user:pw@host) are used for basic"
            + " auth unless basic.auth.user.info is set.";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic auth. Never logged.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
    private static final String REQUEST_TIMEOUT_MS_DOC = "How long one registry call may take, connecting included.";

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    private static final String CONNECT_TIMEOUT_MS_DOC = "How long opening a connection to the registry may take.";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD_CONFIG = "schema.registry.ssl.key.password";
    private static final String STORE_TYPE_DOC = "Key store format: PKCS12 or JKS.";

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
                if (value == null || ((List<?>) value).isEmpty()) {
                    throw new ConfigException(name, value, "needs at least one URL");
                }
            }, Importance.HIGH, URL_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_REQUEST_TIMEOUT_MS, ConfigDef.Range.atLeast(1),
                    Importance.LOW, REQUEST_TIMEOUT_MS_DOC)
            .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_CONNECT_TIMEOUT_MS, ConfigDef.Range.atLeast(1),
                    Importance.LOW, CONNECT_TIMEOUT_MS_DOC)
            // TLS to an https:// registry whose certificate the JDK's default trust store does not vouch for,
            // and a client certificate where the registry asks for one (mTLS). Confluent's key names.
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Trust store with the CA of the registry's certificate; unset: the JDK's default trust store.")
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of the trust store. Never logged.")
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW, STORE_TYPE_DOC)
            .define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Key store with this client's certificate, for a registry that requires client certificates.")
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of the key store. Never logged.")
            .define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW, STORE_TYPE_DOC)
            .define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                    "Password of the key in the key store, if it differs from the store's. Never logged.");

    public SchemaRegistryClientConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, originals, false); // false: the map may hold a password, and other components' keys
    }

    /** The definition, for {@code Converter.config()} and generated docs. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    public List<String> urls() {
        return getList(URL_CONFIG);
    }

    /** {@code user:password}, or null. */
    Password userInfo() {
        return getPassword(BASIC_AUTH_USER_INFO_CONFIG);
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS_CONFIG);
    }

    /** The TLS settings: empty when neither a trust store nor a key store is configured (JDK defaults). */
    Optional<RegistryTls> tls() {
        String truststore = getString(SSL_TRUSTSTORE_LOCATION_CONFIG);
        String keystore = getString(SSL_KEYSTORE_LOCATION_CONFIG);
        if (truststore == null && keystore == null) {
            return Optional.empty();
        }
        return Optional.of(new RegistryTls(
                RegistryTls.Store.of(truststore, getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG),
                        getString(SSL_TRUSTSTORE_TYPE_CONFIG)),
                RegistryTls.Store.of(keystore, getPassword(SSL_KEYSTORE_PASSWORD_CONFIG),
                        getString(SSL_KEYSTORE_TYPE_CONFIG)),
                getPassword(SSL_KEY_PASSWORD_CONFIG)));
    }

    public int connectTimeoutMs() {
        return getInt(CONNECT_TIMEOUT_MS_CONFIG);
    }
}
