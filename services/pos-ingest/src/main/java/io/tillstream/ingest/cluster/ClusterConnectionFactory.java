package io.tillstream.ingest.cluster;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.service.config.EnvironmentProperties;
import io.tillstream.service.config.KafkaClientEnvironment;
import io.tillstream.service.config.RegistryClientEnvironment;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster connection from application.yml, plus the client security every Tillstream service takes
 * from {@code TILLSTREAM_KAFKA_*} and {@code TILLSTREAM_SCHEMA_REGISTRY_*} variables (SASL, TLS; see
 * {@link KafkaClientEnvironment}).
 */
@Factory
public class ClusterConnectionFactory {

    private static final Logger log = LoggerFactory.getLogger(ClusterConnectionFactory.class);

    @Singleton
    ClusterConnection connection(@Value("${tillstream.bootstrap.servers}") String bootstrapServers,
                                 @Value("${tillstream.schema-registry.url}") String registryUrl) {
        EnvironmentProperties kafkaClient = KafkaClientEnvironment.from(System.getenv(),
                "TILLSTREAM_BOOTSTRAP_SERVERS");
        EnvironmentProperties registryClient = RegistryClientEnvironment.from(System.getenv());
        // toString() hides passwords and whatever came from a file
        log.info("Kafka client settings from {}*: {}; schema registry: {}", KafkaClientEnvironment.PREFIX,
                kafkaClient, registryClient);
        Map<String, Object> registryConfig = new HashMap<>(registryClient.values());
        registryConfig.put(SchemaRegistryClientConfig.URL_CONFIG, registryUrl);
        Map<String, Object> kafka = new HashMap<>(kafkaClient.values());
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new ClusterConnection(kafka, new SchemaRegistryClient(registryConfig));
    }
}
