package io.tillstream.ingest.eventlog;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.tillstream.ingest.cluster.ClusterConnection;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.TopicSpec;
import io.tillstream.schemas.Topics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Wires the event logs to the cluster (see {@link ClusterConnection}). */
@Factory
public class EventLogFactory {

    private static final List<TopicSpec<?>> WRITTEN = List.of(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS,
            Topics.TILL_HEARTBEATS);

    private final Map<String, Serializer<SpecificRecord>> serializers;
    private final Map<String, Object> connection;
    private final Duration ackTimeout;

    public EventLogFactory(ClusterConnection cluster,
                           @Value("${tillstream.ingest.ack-timeout:8s}") Duration ackTimeout) {
        this.serializers = WRITTEN.stream().collect(Collectors.toMap(
                TopicSpec::name, t -> new ConfluentAvroSerializer<SpecificRecord>(cluster.registry(), t.valueSchema())));
        this.connection = cluster.kafka();
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
