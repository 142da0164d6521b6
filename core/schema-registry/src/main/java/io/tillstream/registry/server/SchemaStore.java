package io.tillstream.registry.server;

import static io.tillstream.registry.client.SchemaRegistryException.INCOMPATIBLE_SCHEMA;
import static io.tillstream.registry.client.SchemaRegistryException.INVALID_SCHEMA;
import static io.tillstream.registry.client.SchemaRegistryException.SCHEMA_NOT_FOUND;
import static io.tillstream.registry.client.SchemaRegistryException.SUBJECT_NOT_FOUND;
import static io.tillstream.registry.client.SchemaRegistryException.VERSION_NOT_FOUND;

import io.tillstream.registry.client.SchemaRegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state and rules, as Confluent's registry applies them with compatibility level
 * BACKWARD: a new version must be able to read data written with the latest one; ids are global,
 * and an identical schema (same Avro JSON once parsed) keeps its id in every subject. Errors are
 * {@link SchemaRegistryException}s carrying the HTTP status and Confluent error code to answer with.
 *
 * <p>Registries sharing a {@link SchemaLog} agree: each request first reads what the others
 * registered (briefly bounded: a log that cannot answer leaves reads to what is already known), and a
 * registration is decided only while this registry holds the log's write claim, after reading it to
 * its end, so two registries never hand out one id for two schemas.
 */
final class SchemaStore {

    private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);
    static final String COMPATIBILITY_LEVEL = "BACKWARD";
    static final int LATEST = -1;

    /** How long a read waits for registrations of other registries before answering from memory. */
    private static final Duration READ_BOUND = Duration.ofSeconds(2);
    private static final int CLAIM_ATTEMPTS = 10;
    /** Reads within this of the last catch-up answer from memory: a registration elsewhere shows within it. */
    private static final long READ_FRESHNESS_NANOS = Duration.ofSeconds(1).toNanos();

    private final SchemaLog schemaLog;
    private final Duration writeBound;
    private final java.util.Random backoff = new java.util.Random();
    private long lastCatchUp = System.nanoTime() - READ_FRESHNESS_NANOS;
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, List<Registered>> subjects = new TreeMap<>();
    private int maxId;

    /** One version of a subject. */
    record Registered(String subject, int version, int id, Schema schema) {
    }

    /** @param writeBound how long starting and each registration may wait for the log */
    SchemaStore(SchemaLog schemaLog, Duration writeBound) {
        this.schemaLog = schemaLog;
        this.writeBound = writeBound;
        catchUp(writeBound); // on start, a log that cannot be read is an error: nothing could be served
    }

    /** Registers {@code schemaText} under {@code subject}, or returns the version that already holds it. */
    synchronized Registered register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        // Every service registers its schemas on start: answering a known one without claiming the
        // log keeps registries from fencing each other over nothing.
        catchUpForRead();
        Optional<Registered> known = find(subject, canonical);
        if (known.isPresent()) {
            return known.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                schemaLog.claimWriter();
                catchUp(writeBound); // every registration of every registry, up to the claim
            } catch (RuntimeException e) {
                throw storeError(e);
            }
            Optional<Registered> existing = find(subject, canonical);
            if (existing.isPresent()) {
                return existing.get();
            }
            List<Registered> versions = subjects.getOrDefault(subject, List.of());
            if (!versions.isEmpty()) {
                List<String> problems = incompatibilities(schema, versions.get(versions.size() - 1).schema());
                if (!problems.isEmpty()) {
                    throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema"
                            + " for subject \"" + subject + "\", details: " + problems, 409, INCOMPATIBLE_SCHEMA);
                }
            }
            int id = idsByCanonical.getOrDefault(canonical, maxId + 1);
            int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
            StoredSchema stored = new StoredSchema(subject, version, id, canonical);
            try {
                schemaLog.append(stored); // durable before anyone is told the id
            } catch (RuntimeException e) {
                // Fenced by another registry, or an answer lost (whether it committed is unknown): both are
                // settled the same way, by claiming again (which completes any open write) and reading again,
                // after which the schema is either found or decided afresh.
                if (attempt < CLAIM_ATTEMPTS) {
                    log.info("Registration of {} under {} not confirmed ({}); reading {} again", schema.getFullName(),
                            subject, e.getMessage(), schemaLog);
                    pause(attempt); // two registries claiming in turn would abort each other's writes for ever
                    continue;
                }
                throw storeError(e);
            }
            log.info("Registered {} as version {} of subject {} with id {}", schema.getFullName(), version, subject,
                    id);
            return apply(stored);
        }
    }

    private static SchemaRegistryException storeError(RuntimeException e) {
        return new SchemaRegistryException("Error while registering schema: " + e.getMessage(), 500,
                SchemaRegistryException.STORE_ERROR);
    }

    /** The version of {@code subject} holding {@code schemaText}. */
    synchronized Registered lookup(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        versions(subject); // 40401 first, as Confluent
        Optional<Registered> found = find(subject, schema.toString());
        if (found.isEmpty()) {
            catchUpNow();
            found = find(subject, schema.toString());
        }
        return found.orElseThrow(() -> new SchemaRegistryException("Schema not found", 404, SCHEMA_NOT_FOUND));
    }

    /** Whether {@code subject} already holds {@code schemaText}: registering it again changes nothing. */
    synchronized boolean holds(String subject, String schemaText) {
        try {
            lookup(subject, schemaText);
            return true;
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Whether {@code schemaText} could be registered as a successor of the given version. */
    synchronized boolean isCompatible(String subject, int version, String schemaText) {
        Schema schema = parse(schemaText);
        catchUpForRead();
        return incompatibilities(schema, version(subject, version).schema()).isEmpty();
    }

    synchronized Schema byId(int id) {
        if (!schemasById.containsKey(id)) {
            catchUpNow(); // registered by another registry sharing the log
        }
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema " + id + " not found", 404, SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    synchronized List<String> subjects() {
        catchUpForRead();
        return List.copyOf(subjects.keySet());
    }

    synchronized List<Registered> versions(String subject) {
        catchUpForRead();
        if (!subjects.containsKey(subject)) {
            catchUpNow();
        }
        List<Registered> versions = subjects.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404, SUBJECT_NOT_FOUND);
        }
        return List.copyOf(versions);
    }

    /** A version number, or {@link #LATEST}. */
    synchronized Registered version(String subject, int version) {
        List<Registered> versions = versions(subject);
        if (version == LATEST) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(r -> r.version() == version).findFirst().orElseThrow(() ->
                new SchemaRegistryException("Version " + version + " not found.", 404, VERSION_NOT_FOUND));
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(backoff.nextInt(50, 100) * (long) attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while registering", 500, SchemaRegistryException.STORE_ERROR);
        }
    }

    private void catchUp(Duration bound) {
        List<StoredSchema> read = schemaLog.readNew(bound);
        lastCatchUp = System.nanoTime();
        for (StoredSchema stored : read) {
            try {
                apply(stored);
            } catch (SchemaRegistryException e) {
                // e.g. a non-Avro schema written by another registry: it cannot be served here
                log.warn("Skipping stored version {} of subject {} (id {}): {}", stored.version(), stored.subject(),
                        stored.id(), e.getMessage());
            }
        }
    }

    /** Before a read: what other registries registered, unless that was read a moment ago. */
    private void catchUpForRead() {
        if (System.nanoTime() - lastCatchUp < READ_FRESHNESS_NANOS) {
            return;
        }
        catchUpNow();
    }

    /** Before answering "not found": another registry may have registered it a moment ago. */
    private void catchUpNow() {
        try {
            catchUp(READ_BOUND);
        } catch (RuntimeException e) {
            log.warn("Answering from memory: {} could not be read ({})", schemaLog, e.getMessage());
        }
    }

    private Registered apply(StoredSchema stored) {
        if (stored.isDeleted()) {
            List<Registered> versions = subjects.getOrDefault(stored.subject(), new ArrayList<>());
            versions.removeIf(r -> r.version() == stored.version());
            if (versions.isEmpty()) {
                subjects.remove(stored.subject());
            }
            return null;
        }
        Schema schema = schemasById.computeIfAbsent(stored.id(), id -> parse(stored.schema()));
        idsByCanonical.putIfAbsent(schema.toString(), stored.id());
        maxId = Math.max(maxId, stored.id());
        Registered registered = new Registered(stored.subject(), stored.version(), stored.id(), schema);
        List<Registered> versions = subjects.computeIfAbsent(stored.subject(), s -> new ArrayList<>());
        versions.removeIf(r -> r.version() == stored.version()); // a replayed duplicate
        versions.add(registered);
        versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return registered;
    }

    private Optional<Registered> find(String subject, String canonical) {
        Integer id = idsByCanonical.get(canonical);
        if (id == null) {
            return Optional.empty();
        }
        return subjects.getOrDefault(subject, List.of()).stream().filter(r -> r.id() == id).findFirst();
    }

    /** BACKWARD: the new schema, as reader, must resolve data written with the old one. */
    private static List<String> incompatibilities(Schema newSchema, Schema old) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(newSchema, old).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Incompatibility i : result.getIncompatibilities()) {
            problems.add(i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
        }
        return problems;
    }

    private static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SchemaRegistryException("Invalid schema: empty", 422, INVALID_SCHEMA);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException | IllegalArgumentException e) { // SchemaParseException and kin
            throw new SchemaRegistryException("Invalid schema " + text + ": " + e.getMessage(), 422, INVALID_SCHEMA);
        }
    }
}
