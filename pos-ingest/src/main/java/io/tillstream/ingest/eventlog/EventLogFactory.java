package io.tillstream.ingest.eventlog;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.TopicSpec;
import io.tillstream.schemas.Topics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Wires the event log to Kafka and the schema registry from application.yml. */
@Factory
public class EventLogFactory {

    private static final List<TopicSpec> WRITTEN = List.of(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS);

    /** Created at start-up, so a wrong broker or registry setting fails the service, not the first till. */
    @Context
    @Bean(preDestroy = "close")
    EventLog eventLog(@Value("${kafka.bootstrap.servers}") String bootstrapServers,
                      @Value("${tillstream.schema-registry.url}") String registryUrl,
                      @Value("${tillstream.ingest.ack-timeout:8s}") Duration ackTimeout) {
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        Map<String, Serializer<SpecificRecord>> serializers = WRITTEN.stream().collect(Collectors.toMap(
                TopicSpec::name, t -> new ConfluentAvroSerializer<SpecificRecord>(registry, t.valueSchema())));
        return new EventLog(bootstrapServers, serializers, ackTimeout);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
