package io.tillstream.service.config;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Kafka client settings every service passes to every client it makes (producers, consumers, admin,
 * Kafka Streams): {@code TILLSTREAM_KAFKA_<PROPERTY>} or {@code TILLSTREAM_KAFKA_<PROPERTY>_FILE}, e.g.
 * <pre>
 * TILLSTREAM_KAFKA_SECURITY_PROTOCOL=SASL_SSL
 * TILLSTREAM_KAFKA_SASL_MECHANISM=SCRAM-SHA-512
 * TILLSTREAM_KAFKA_SASL_JAAS_CONFIG_FILE=/run/secrets/kafka_jaas
 * TILLSTREAM_KAFKA_SSL_TRUSTSTORE_LOCATION=/run/secrets/kafka-truststore.p12
 * TILLSTREAM_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE=/run/secrets/kafka-truststore.password
 * </pre>
 * Any property a Kafka producer, consumer or admin client knows is accepted; the bootstrap servers keep
 * their own variable. The services' own settings (acks, idempotence, isolation, transactions) are
 * applied after these, so exactly-once cannot be configured away by accident.
 */
public final class KafkaClientEnvironment {

    public static final String PREFIX = "TILLSTREAM_KAFKA_";

    private static final Set<String> KNOWN = knownNames();

    private KafkaClientEnvironment() {
    }

    /**
     * @param bootstrapVariable the variable the service reads the bootstrap servers from, for the error
     *                          message of a {@code TILLSTREAM_KAFKA_BOOTSTRAP_SERVERS}
     */
    public static EnvironmentProperties from(Map<String, String> env, String bootstrapVariable) {
        return EnvironmentProperties.from(env, PREFIX, EnvironmentProperties::dotted, KNOWN,
                KafkaClientEnvironment::isPassword,
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapVariable));
    }

    private static Set<String> knownNames() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }

    /** What Kafka itself masks in its "ProducerConfig values" log lines: we mask the same. */
    static boolean isPassword(String name) {
        for (ConfigDef def : new ConfigDef[] {
                ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
            ConfigDef.ConfigKey key = def.configKeys().get(name);
            if (key != null && key.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return false;
    }
}
