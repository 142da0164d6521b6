package io.tillstream.projector;

import io.tillstream.projector.http.StockQueryServer;
import io.tillstream.projector.topology.StockSerdes;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.SkuAvailability;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.StockPolicy;
import io.tillstream.schemas.Topics;
import io.tillstream.service.StreamsLifecycle;
import io.tillstream.service.StreamsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stock-projector service: the {@link StockTopology} under exactly-once, and its HTTP API. */
public final class StockProjector implements AutoCloseable {

    public static final String APPLICATION_ID = "tillstream-stock-projector";
    /** Stock flows first: each commit makes changes visible to read_committed readers such as the sink. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(StockProjector.class);

    private final KafkaStreams streams;
    private final StockQueryServer http;

    private StockProjector(KafkaStreams streams, StockQueryServer http) {
        this.streams = streams;
        this.http = http;
    }

    public static StockProjector start(StreamsSettings settings) {
        KafkaStreams streams = new KafkaStreams(StockTopology.build(serdes(settings.registryUrl()),
                StockTopology.DEFAULT_DEDUP_WINDOW), settings.streamsProperties(COMMIT_INTERVAL));
        StreamsLifecycle.start(streams, "stock projection");
        StockQueryServer http = new StockQueryServer(streams, settings.host(), settings.port());
        log.info("Stock projector started: {}", http.url());
        return new StockProjector(streams, http);
    }

    /** Avro in Confluent's wire format, registered under each topic's subject. */
    public static StockSerdes serdes(String registryUrl) {
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        return new StockSerdes(
                new ConfluentAvroSerde<PosTransaction>(registry, Topics.POS_TRANSACTIONS.valueSchema()),
                new ConfluentAvroSerde<SpecificRecord>(registry, Topics.STOCK_ADJUSTMENTS.valueSchema()),
                new ConfluentAvroSerde<StockLevel>(registry, Topics.STOCK_LEVELS.valueSchema()),
                new ConfluentAvroSerde<StockChange>(registry, Topics.STOCK_CHANGES.valueSchema()),
                new ConfluentAvroSerde<StockPolicy>(registry, Topics.STOCK_POLICIES.valueSchema()),
                new ConfluentAvroSerde<SkuAvailability>(registry, Topics.STOCK_ATS.valueSchema()),
                new ConfluentAvroSerde<LedgerNotice>(registry, Topics.LEDGER_NOTICES.valueSchema()));
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
        StreamsLifecycle.stop(streams);
    }

    /** {@code StockProjector <bootstrap servers> <registry url> <state dir> [port]} */
    public static void main(String[] args) throws InterruptedException {
        StreamsSettings settings;
        if (args.length == 0) {
            // In a container: everything from TILLSTREAM_* variables (see StreamsSettings).
            settings = StreamsSettings.fromEnvironment(APPLICATION_ID, 8081, System.getenv());
        } else if (args.length >= 3) {
            int port = args.length > 3 ? Integer.parseInt(args[3]) : 8081;
            settings = StreamsSettings.local(APPLICATION_ID, args[0], args[1], Path.of(args[2]), port);
        } else {
            System.err.println("usage: StockProjector <bootstrap-servers> <schema-registry-url> <state-dir> [port]\n"
                    + "   or: StockProjector   (with TILLSTREAM_* environment variables)");
            System.exit(2);
            return;
        }
        StreamsLifecycle.runUntilShutdown(start(settings));
    }
}
