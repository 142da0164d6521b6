package io.tillstream.projector;

import io.tillstream.projector.http.StockQueryServer;
import io.tillstream.projector.topology.StockSerdes;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stock-projector service: the {@link StockTopology} under exactly-once, and its HTTP API. */
public final class StockProjector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StockProjector.class);

    /**
     * @param replicationFactor of the changelog and internal topics: 1 on one broker, 3 in production
     */
    public record Settings(String bootstrapServers, String registryUrl, Path stateDir, String host, int port,
                           String applicationId, int replicationFactor) {

        public static Settings local(String bootstrapServers, String registryUrl, Path stateDir, int port) {
            return new Settings(bootstrapServers, registryUrl, stateDir, "127.0.0.1", port,
                    "tillstream-stock-projector", 1);
        }
    }

    private final KafkaStreams streams;
    private final StockQueryServer http;

    private StockProjector(KafkaStreams streams, StockQueryServer http) {
        this.streams = streams;
        this.http = http;
    }

    public static StockProjector start(Settings settings) {
        SchemaRegistryClient registry = new SchemaRegistryClient(settings.registryUrl());
        StockSerdes serdes = new StockSerdes(
                new ConfluentAvroSerde<PosTransaction>(registry, Topics.POS_TRANSACTIONS.valueSchema()),
                new ConfluentAvroSerde<SpecificRecord>(registry, Topics.STOCK_ADJUSTMENTS.valueSchema()),
                new ConfluentAvroSerde<StockLevel>(registry, Topics.STOCK_LEVELS.valueSchema()),
                new ConfluentAvroSerde<StockChange>(registry, Topics.STOCK_CHANGES.valueSchema()));
        KafkaStreams streams = new KafkaStreams(StockTopology.build(serdes, StockTopology.DEFAULT_DEDUP_WINDOW),
                properties(settings));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stock projection thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
        StockQueryServer http = new StockQueryServer(streams, settings.host(), settings.port());
        log.info("Stock projector started: {}", http.url());
        return new StockProjector(streams, http);
    }

    static Properties properties(Settings s) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        // Ledger updates, outputs and input offsets commit atomically: a crash never counts an event twice.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Stock flows first: each commit makes changes visible to read_committed consumers (the sink).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, s.replicationFactor());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.host() + ":" + s.port());
        return p;
    }

    public URI url() {
        return http.url();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        http.close();
        // Leave the group on a clean stop: a restarted instance then gets its tasks at once instead
        // of waiting a session timeout for the departed member.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    /** {@code StockProjector <bootstrap servers> <registry url> <state dir> [port]} */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: StockProjector <bootstrap-servers> <schema-registry-url> <state-dir> [port]");
            System.exit(2);
        }
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 8081;
        StockProjector projector = start(Settings.local(args[0], args[1], Path.of(args[2]), port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            projector.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
