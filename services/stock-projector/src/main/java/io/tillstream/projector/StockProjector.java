package io.tillstream.projector;

import io.tillstream.projector.http.StockQueryServer;
import io.tillstream.projector.topology.StockTopology;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.Access;
import io.tillstream.service.access.AccessTokenFeed;
import io.tillstream.service.http.JsonHttp;
import io.tillstream.service.streams.DeadLetters;
import io.tillstream.service.streams.StaticMembership;
import io.tillstream.service.streams.StreamsLifecycle;
import io.tillstream.service.streams.StreamsSettings;
import io.tillstream.service.topics.TopicSerdes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stock-projector service: the {@link StockTopology} under exactly-once, and its HTTP API. */
public final class StockProjector implements AutoCloseable {

    public static final String APPLICATION_ID = "tillstream-stock-projector";
    /** Stock flows first: each commit makes changes visible to read_committed readers such as the sink. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
    /**
     * {@code true} serves {@code /v1/stock} without a token (a webshop on the same private network may
     * want that); otherwise, the default, it needs a token of any role (STOCK_READER for systems).
     */
    public static final String STOCK_PUBLIC_ENV = "TILLSTREAM_STOCK_PUBLIC";
    private static final Logger log = LoggerFactory.getLogger(StockProjector.class);

    private final KafkaStreams streams;
    private final StockQueryServer http;
    private final AccessTokenFeed tokens;

    private StockProjector(KafkaStreams streams, StockQueryServer http, AccessTokenFeed tokens) {
        this.streams = streams;
        this.http = http;
        this.tokens = tokens;
    }

    /** With {@code /v1/stock} behind tokens, the default. */
    public static StockProjector start(StreamsSettings settings) {
        return start(settings, false);
    }

    public static StockProjector start(StreamsSettings settings, boolean stockPublic) {
        Properties properties = settings.streamsProperties(COMMIT_INTERVAL);
        // A warm copy of every ledger partition on a second instance: when an instance dies, its
        // replacement takes over from that copy in seconds instead of replaying the changelogs.
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        // After a crash the restarted instance takes its own place in the group at once, instead of
        // answering 503 until the killed instance's member times out (see StaticMembership).
        StaticMembership.configure(properties, settings);
        Topology topology = StockTopology.build(serdes(new SchemaRegistryClient(settings.registryClientProperties())),
                StockTopology.DEFAULT_DEDUP_WINDOW);
        KafkaStreams streams = new KafkaStreams(topology, DeadLetters.configure(properties, topology,
                Topics.deadLettered()));
        StreamsLifecycle.start(streams, "stock projection");
        AccessTokenFeed tokens = AccessTokenFeed.start(settings.kafkaClientProperties(),
                new SchemaRegistryClient(settings.registryClientProperties()));
        StockQueryServer http = new StockQueryServer(streams, settings.host(), settings.port(),
                ledgerPartitions(settings), stockPublic ? Access.PUBLIC : Access.anyOf(Role.STOCK_READER,
                Role.ECOMMERCE, Role.RETAIL_OPS, Role.FINANCE, Role.INTEGRATION), tokens.directory(), settings.httpTls());
        log.info("Stock projector started: {} (stock API {})", http.url(), stockPublic ? "public" : "needs a token");
        return new StockProjector(streams, http, tokens);
    }

    /** The partition count of the event topics, which the stock API must see covered before it answers. */
    private static int ledgerPartitions(StreamsSettings settings) {
        try (Admin admin = Admin.create(settings.kafkaClientProperties())) {
            return admin.describeTopics(List.of(Topics.POS_TRANSACTIONS.name())).allTopicNames()
                    .get(1, TimeUnit.MINUTES).get(Topics.POS_TRANSACTIONS.name()).partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the partitions of " + Topics.POS_TRANSACTIONS.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the partitions of "
                    + Topics.POS_TRANSACTIONS.name(), e);
        }
    }

    /** Avro in Confluent's wire format, registered under each topic's subject. */
    public static TopicSerdes serdes(String registryUrl) {
        return serdes(new SchemaRegistryClient(registryUrl));
    }

    public static TopicSerdes serdes(SchemaRegistryClient registry) {
        return new TopicSerdes(registry);
    }

    public URI url() {
        return http.url();
    }

    /** The stock API's routes (see {@code /openapi.yml}). */
    public List<JsonHttp.Route> routes() {
        return http.routes();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        http.close();
        tokens.close();
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
        StockProjector projector = start(settings, Boolean.parseBoolean(System.getenv(STOCK_PUBLIC_ENV)));
        StreamsLifecycle.runUntilShutdown(projector, projector.streams());
    }
}
