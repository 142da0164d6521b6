package io.tillstream.ingest.eventlog;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.TopicSpec;
import io.tillstream.schemas.Topics;
import io.tillstream.service.config.EnvironmentProperties;
import io.tillstream.service.config.KafkaClientEnvironment;
import io.tillstream.service.config.RegistryClientEnvironment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the event logs to Kafka and the schema registry from application.yml, plus the client security
 * every Tillstream service takes from {@code TILLSTREAM_KAFKA_*} and {@code TILLSTREAM_SCHEMA_REGISTRY_*}
 * variables (SASL, TLS; see {@link KafkaClientEnvironment}).
 */
@Factory
public class EventLogFactory {

    private static final Logger log = LoggerFactory.getLogger(EventLogFactory.class);
    private static final List<TopicSpec<?>> WRITTEN = List.of(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS);

    private final Map<String, Serializer<SpecificRecord>> serializers;
    private final Map<String, Object> connection;
    private final Duration ackTimeout;

    public EventLogFactory(@Value("${tillstream.bootstrap.servers}") String bootstrapServers,
                           @Value("${tillstream.schema-registry.url}") String registryUrl,
                           @Value("${tillstream.ingest.ack-timeout:8s}") Duration ackTimeout) {
        EnvironmentProperties kafkaClient = KafkaClientEnvironment.from(System.getenv(),
                "TILLSTREAM_BOOTSTRAP_SERVERS");
        EnvironmentProperties registryClient = RegistryClientEnvironment.from(System.getenv());
        // toString() hides passwords and whatever came from a file
        log.info("Kafka client settings from {}*: {}; schema registry: {}", KafkaClientEnvironment.PREFIX,
                kafkaClient, registryClient);
        Map<String, Object> registryConfig = new HashMap<>(registryClient.values());
        registryConfig.put(SchemaRegistryClientConfig.URL_CONFIG, registryUrl);
        SchemaRegistryClient registry = new SchemaRegistryClient(registryConfig);
        this.serializers = WRITTEN.stream().collect(Collectors.toMap(
                TopicSpec::name, t -> new ConfluentAvroSerializer<SpecificRecord>(registry, t.valueSchema())));
        this.connection = new HashMap<>(kafkaClient.values());
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.ackTimeout = ackTimeout;
    }

    /** Created at start-up, so a wrong broker or registry setting fails the service, not the first till. */
    @Context
    @Bean(preDestroy = "close")
    EventLog eventLog() {
        return new EventLog(connection, serializers, ackTimeout);
    }

    /**
     * @param instanceId must differ between instances running side by side; a restarted instance that
     *                   keeps its id fences its predecessor's unfinished transactions at once
     */
    @Singleton
    @Bean(preDestroy = "close")
    AtomicEventLog atomicEventLog(@Value("${tillstream.ingest.instance-id:}") String instanceId,
                                  @Value("${tillstream.ingest.batch.producers:2}") int producers) {
        String id = instanceId.isBlank() ? UUID.randomUUID().toString() : instanceId;
        return new AtomicEventLog(connection, serializers, ackTimeout, id, producers);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
