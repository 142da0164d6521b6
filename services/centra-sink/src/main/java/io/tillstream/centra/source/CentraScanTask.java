package io.tillstream.centra.source;

import io.tillstream.centra.Version;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.CentraReader;
import io.tillstream.centra.client.GraphQlTransport;
import io.tillstream.centra.client.RateBudget;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema.Type;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both Centra source tasks do: a rolling scan within a read budget, each changed item
 * written as Avro in Confluent's wire format (the value is already serialized, so the connector
 * runs with the ByteArrayConverter and the topic gets exactly the schema in {@code schemas}).
 */
abstract class CentraScanTask<T extends SpecificRecord> extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(CentraScanTask.class);
    private static final long IDLE_MILLIS = 250;
    private static final java.time.Duration UNAUTHORIZED_RETRY = java.time.Duration.ofSeconds(30);
    private static final org.apache.kafka.connect.data.Schema BYTES = SchemaBuilder.type(Type.BYTES).build();

    private RollingScan<T> scan;
    private RateBudget reads;
    private ConfluentAvroSerializer<T> serializer;
    private String topic;
    private Map<String, String> sourcePartition;
    private Clock clock;

    /** The ConfigDef of the concrete connector. */
    abstract CentraSourceConfig config(Map<String, String> props);

    abstract RollingScan.Pages<T> pages(CentraReader reader);

    abstract String key(T item);

    /** The item without its read timestamp: equal fingerprints mean nothing changed. */
    abstract Object fingerprint(T item);

    abstract Schema valueSchema();

    /** Whether an item Centra no longer lists becomes a tombstone of its key (a compacted topic forgets it). */
    boolean writesRemovals() {
        return false;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        CentraSourceConfig config = config(props);
        clock = Clock.systemUTC();
        topic = config.topic();
        sourcePartition = Map.of("centra", config.centraUrl(), "topic", topic);
        CentraReader reader = new CentraReader(new GraphQlTransport(config.centraUrl(), config.token().value(),
                java.time.Duration.ofSeconds(15), clock), clock);
        scan = new RollingScan<>(pages(reader), this::key, this::fingerprint, config.pageSize(), config.interval(), clock);
        // Reads count against the tenant's request budget (10 s and 1 h windows), like the sink's mutations.
        reads = RateBudget.requests(config.readsPer10s(), config.readsPer10s() * 360, clock);
        serializer = new ConfluentAvroSerializer<>(new SchemaRegistryClient(config.registry()), valueSchema());
        log.info("Scanning Centra into {} at {} requests per 10 s", topic, config.readsPer10s());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (!scan.due() || !reads.tryAcquire()) {
            Thread.sleep(IDLE_MILLIS);
            return null;
        }
        try {
            List<SourceRecord> records = new ArrayList<>(scan.next().stream().map(this::record).toList());
            List<String> removed = scan.removedByLastScan();
            if (writesRemovals()) {
                removed.forEach(key -> records.add(tombstone(key)));
            }
            return records;
        } catch (CentraException e) {
            switch (e.kind()) {
                case RATE_LIMITED -> reads.pauseUntil(e.retryAt());
                case OUTCOME_UNKNOWN -> {
                    // a read has no side effect: just try the page again a little later
                    log.warn("Reading Centra failed ({}); retrying", e.getMessage());
                    reads.pauseUntil(clock.instant().plusSeconds(2));
                }
                case UNAUTHORIZED -> {
                    // held, not failed: the scan goes on by itself once the token is fixed
                    log.error("{}; asking again in {} s", e.getMessage(), UNAUTHORIZED_RETRY.toSeconds());
                    reads.pauseUntil(clock.instant().plus(UNAUTHORIZED_RETRY));
                }
                case FATAL -> throw new ConnectException(e.getMessage(), e);
            }
            return null;
        }
    }

    private SourceRecord record(T item) {
        return new SourceRecord(sourcePartition, Map.of("scans", scan.scansCompleted()), topic, null,
                org.apache.kafka.connect.data.Schema.STRING_SCHEMA, key(item), BYTES, serializer.serialize(topic, item));
    }

    private SourceRecord tombstone(String key) {
        log.info("{} is no longer in Centra: a tombstone to {}", key, topic);
        return new SourceRecord(sourcePartition, Map.of("scans", scan.scansCompleted()), topic, null,
                org.apache.kafka.connect.data.Schema.STRING_SCHEMA, key,
                org.apache.kafka.connect.data.Schema.OPTIONAL_BYTES_SCHEMA, null);
    }

    @Override
    public void stop() {
    }
}
