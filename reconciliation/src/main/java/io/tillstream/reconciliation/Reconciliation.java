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
import io.tillstream.service.StreamsLifecycle;
import io.tillstream.service.StreamsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reconciliation service: the {@link ReconciliationTopology} and its HTTP API and dashboard. */
public final class Reconciliation implements AutoCloseable {

    public static final String APPLICATION_ID = "tillstream-reconciliation";
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final KafkaStreams streams;
    private final ExceptionQueryServer http;

    private Reconciliation(KafkaStreams streams, ExceptionQueryServer http) {
        this.streams = streams;
        this.http = http;
    }

    public static Reconciliation start(StreamsSettings settings) {
        SchemaRegistryClient registry = new SchemaRegistryClient(settings.registryUrl());
        ReconciliationSerdes serdes = new ReconciliationSerdes(
                new ConfluentAvroSerde<StockLevel>(registry, Topics.STOCK_LEVELS.valueSchema()),
                new ConfluentAvroSerde<StockChange>(registry, Topics.STOCK_CHANGES.valueSchema()),
                new ConfluentAvroSerde<ReconciliationException>(registry, Topics.EXCEPTIONS.valueSchema()));
        KafkaStreams streams = new KafkaStreams(ReconciliationTopology.build(serdes),
                settings.streamsProperties(COMMIT_INTERVAL));
        StreamsLifecycle.start(streams, "reconciliation");
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
        StreamsLifecycle.stop(streams);
    }

    /** {@code Reconciliation <bootstrap servers> <registry url> <state dir> [port]} */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: Reconciliation <bootstrap-servers> <schema-registry-url> <state-dir> [port]");
            System.exit(2);
        }
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 8082;
        StreamsLifecycle.runUntilShutdown(start(StreamsSettings.local(APPLICATION_ID, args[0], args[1],
                Path.of(args[2]), port)));
    }
}
