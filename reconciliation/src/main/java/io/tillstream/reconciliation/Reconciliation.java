package io.tillstream.reconciliation;

import io.tillstream.reconciliation.http.ExceptionQueryServer;
import io.tillstream.reconciliation.topology.ReconciliationSerdes;
import io.tillstream.reconciliation.topology.ReconciliationTopology;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reconciliation service: the {@link ReconciliationTopology} and its HTTP API and dashboard. */
public final class Reconciliation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    public record Settings(String bootstrapServers, String registryUrl, Path stateDir, String host, int port,
                           String applicationId, int replicationFactor) {

        public static Settings local(String bootstrapServers, String registryUrl, Path stateDir, int port) {
            return new Settings(bootstrapServers, registryUrl, stateDir, "127.0.0.1", port,
                    "tillstream-reconciliation", 1);
        }
    }

    private final KafkaStreams streams;
    private final ExceptionQueryServer http;

    private Reconciliation(KafkaStreams streams, ExceptionQueryServer http) {
        this.streams = streams;
        this.http = http;
    }

    public static Reconciliation start(Settings settings) {
        SchemaRegistryClient registry = new SchemaRegistryClient(settings.registryUrl());
        ReconciliationSerdes serdes = new ReconciliationSerdes(
                new ConfluentAvroSerde<StockLevel>(registry, Topics.STOCK_LEVELS.valueSchema()),
                new ConfluentAvroSerde<StockChange>(registry, Topics.STOCK_CHANGES.valueSchema()),
                new ConfluentAvroSerde<ReconciliationException>(registry, Topics.EXCEPTIONS.valueSchema()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replicationFactor());
        KafkaStreams streams = new KafkaStreams(ReconciliationTopology.build(serdes), p);
        streams.start();
        ExceptionQueryServer http = new ExceptionQueryServer(streams, settings.host(), settings.port());
        log.info("Reconciliation started: {}", http.url());
        return new Reconciliation(streams, http);
    }

    public URI url() {
        return http.url();
    }

    /** Open exceptions per owner, for status lines; empty while the view is loading. */
    public Map<Owner, Integer> openByOwner() {
        Map<Owner, Integer> counts = new EnumMap<>(Owner.class);
        try {
            http.all().stream().filter(e -> e.getStatus() == ExceptionStatus.OPEN)
                    .forEach(e -> counts.merge(e.getOwner(), 1, Integer::sum));
        } catch (InvalidStateStoreException loading) {
            // not ready yet: report nothing rather than zero
        }
        return counts;
    }

    @Override
    public void close() {
        http.close();
        // Leave the group on a clean stop: a restarted instance then gets its tasks at once instead
        // of waiting a session timeout for the departed member.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    /** {@code Reconciliation <bootstrap servers> <registry url> <state dir> [port]} */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: Reconciliation <bootstrap-servers> <schema-registry-url> <state-dir> [port]");
            System.exit(2);
        }
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 8082;
        Reconciliation service = start(Settings.local(args[0], args[1], Path.of(args[2]), port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
