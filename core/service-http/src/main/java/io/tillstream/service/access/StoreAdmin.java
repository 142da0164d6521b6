package io.tillstream.service.access;

import io.tillstream.domain.stores.StoreFile;
import io.tillstream.domain.stores.StoreRecords;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.Store;
import io.tillstream.schemas.StoreStatus;
import io.tillstream.schemas.TillToken;
import io.tillstream.schemas.Topics;
import io.tillstream.service.audit.AuditTrail;
import io.tillstream.service.stores.StoreFeed;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the store registry ({@code stores.v1}), each change together with its audit entry. Till tokens
 * are generated here and returned once; only their hashes reach Kafka.
 *
 * <p>What it refuses, and why: an id already used (a closed store keeps its id, so its history never
 * names two stores); a Centra warehouse another store stands for, open or closed (the sink would push two
 * stores' stock into one warehouse); moving a store that is not PLANNED to another warehouse (the warehouse
 * already holds its stock and the sink's receipts: open a new store instead).
 */
public final class StoreAdmin implements AutoCloseable {

    /** Store ids end up in topic keys, URLs and file names. */
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final Pattern TILL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Who makes a change, for the record and its audit entry.
     *
     * @param actor     {@code cli:<os user>}, a deploy step, or an API token's name
     * @param role      the token's role, null for a command
     * @param requestId the API request's id, or a fresh one
     */
    public record Who(String actor, String role, String requestId) {

        /** A command or deploy step. */
        public static Who of(String actor) {
            return new Who(actor, null, UUID.randomUUID().toString());
        }
    }

    private final Map<String, Store> stores = new ConcurrentHashMap<>();
    private final StoreFeed feed;
    private final AuditTrail audit;
    private final boolean ownsAudit;
    private final ConfluentAvroSerializer<Store> values;
    private final Clock clock;

    /** For a command: its own audit trail, as {@code tillstream-cli}. */
    public StoreAdmin(Map<String, Object> kafkaClient, SchemaRegistryClient registry, Clock clock) {
        this(kafkaClient, registry, new AuditTrail(kafkaClient, registry, "tillstream-cli", clock), true, clock);
    }

    /** For a service's admin API: the service's own audit trail (its transactional producer). */
    public StoreAdmin(Map<String, Object> kafkaClient, SchemaRegistryClient registry, AuditTrail audit, Clock clock) {
        this(kafkaClient, registry, audit, false, clock);
    }

    private StoreAdmin(Map<String, Object> kafkaClient, SchemaRegistryClient registry, AuditTrail audit,
                       boolean ownsAudit, Clock clock) {
        this.feed = StoreFeed.start(kafkaClient, registry, (id, store) -> {
            if (store == null) {
                stores.remove(id);
            } else {
                stores.put(id, store);
            }
        });
        this.audit = audit;
        this.ownsAudit = ownsAudit;
        this.values = new ConfluentAvroSerializer<>(registry, Topics.STORES.valueSchema());
        this.clock = clock;
    }

    /** A store written, and the tokens of the tills issued with it (till → token, shown once). */
    public record Written(Store store, Map<String, String> tokens) {
    }

    /**
     * Registers a store with a token per till.
     *
     * @throws IllegalArgumentException naming what is refused
     */
    public Written add(Who who, Store.Builder store, List<String> tills) throws InterruptedException {
        awaitStores();
        String id = store.getStoreId();
        require(id != null && STORE_ID.matcher(id).matches(), "a store id is 1-32 letters, digits, _ or -");
        Store existing = stores.get(id);
        require(existing == null, "store " + id + " exists (" + (existing == null ? "" : existing.getStatus())
                + "); change it with store update, or choose another id");
        require(!tills.isEmpty(), "a store needs at least one till (--tills T01,T02)");
        Map<String, String> tokens = new LinkedHashMap<>();
        store.setTills(issue(tills, List.of(), tokens));
        return new Written(write(who, checked(store, null), "STORE_ADDED", "status " + store.getStatus() + ", warehouse "
                + store.getCentraWarehouseId() + ", tills " + String.join(",", tills)), tokens);
    }

    /**
     * Changes a store; {@code addTills} get new tokens, {@code revokeTills} lose theirs.
     *
     * @throws IllegalArgumentException naming what is refused
     */
    public Written update(Who who, String storeId, Consumer<Store.Builder> change, List<String> addTills,
                          List<String> revokeTills) throws InterruptedException {
        Store existing = existing(storeId);
        Store.Builder next = Store.newBuilder(existing);
        change.accept(next);
        for (String till : revokeTills) {
            require(existing.getTills().stream().anyMatch(t -> t.getTillId().equals(till)),
                    "store " + storeId + " has no till " + till);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        next.setTills(issue(addTills, existing.getTills().stream().filter(t -> !revokeTills.contains(t.getTillId()))
                .toList(), tokens));
        return new Written(write(who, checked(next, existing), "STORE_UPDATED", describe(existing, next)), tokens);
    }

    /** The store as the registry has it now, if it has it. */
    public Optional<Store> find(String storeId) throws InterruptedException {
        awaitStores();
        return Optional.ofNullable(stores.get(storeId));
    }

    /** Closes a store: it stays in the registry (its history names it), its tills' tokens are refused. */
    public Store close(Who who, String storeId) throws InterruptedException {
        Store existing = existing(storeId);
        require(existing.getStatus() != StoreStatus.CLOSED, "store " + storeId + " is already closed");
        Store.Builder closed = Store.newBuilder(existing).setStatus(StoreStatus.CLOSED).setTills(List.of());
        return write(who, closed, "STORE_CLOSED", "tills " + existing.getTills().size() + " refused from now");
    }

    /**
     * Imports {@code stores.yml}: a store the registry does not have is added as the file says (its token
     * hash kept); one it has is left alone and reported, because the registry is the source of truth.
     *
     * @return one line per store, saying what was done
     */
    public List<String> importFile(Who who, Path file) throws InterruptedException {
        awaitStores();
        List<String> report = new ArrayList<>();
        for (StoreFile.Entry entry : StoreFile.read(file)) {
            if (stores.containsKey(entry.storeId())) {
                report.add(entry.storeId() + ": in the registry already, left as it is (store update changes it)");
                continue;
            }
            require(entry.centraWarehouseId() != null, "store " + entry.storeId() + " in " + file
                    + " has no centraWarehouseId");
            Store.Builder store = Store.newBuilder(StoreRecords.of(entry, clock.instant(), who.actor()));
            write(who, checked(store, null), "STORE_IMPORTED", "from " + file.getFileName());
            report.add(entry.storeId() + ": imported (warehouse " + entry.centraWarehouseId() + ")");
        }
        return report;
    }

    public Collection<Store> list() throws InterruptedException {
        awaitStores();
        return stores.values().stream().sorted(Comparator.comparing(Store::getStoreId)).toList();
    }

    private Store existing(String storeId) throws InterruptedException {
        awaitStores();
        Store existing = stores.get(storeId);
        require(existing != null, "no store " + storeId + " in the registry (store list shows them)");
        return existing;
    }

    private Store.Builder checked(Store.Builder store, Store before) {
        require(store.getName() != null && !store.getName().isBlank(), "a store needs a name");
        try {
            ZoneId.of(store.getTimezone());
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("time zone " + store.getTimezone()
                    + " is not an IANA zone such as Europe/London");
        }
        require(store.getCentraWarehouseId() > 0, "a Centra warehouse id is a positive number");
        if (before != null && before.getCentraWarehouseId() != store.getCentraWarehouseId()) {
            require(before.getStatus() == StoreStatus.PLANNED, "store " + before.getStoreId() + " is "
                    + before.getStatus() + ": its warehouse " + before.getCentraWarehouseId() + " holds its stock and"
                    + " the sink's receipts; only a PLANNED store moves to another warehouse");
        }
        // A closed store keeps its warehouse: its ledger and the sink's receipts (keyed by warehouse and
        // size) still name it, and a second store there would mix two stores' stock in one Centra warehouse.
        stores.values().stream().filter(s -> !s.getStoreId().equals(store.getStoreId()))
                .filter(s -> s.getCentraWarehouseId() == store.getCentraWarehouseId()).findFirst()
                .ifPresent(s -> {
                    throw new IllegalArgumentException("Centra warehouse " + store.getCentraWarehouseId()
                            + " stands for store " + s.getStoreId() + " (" + s.getStatus() + ") already");
                });
        return store;
    }

    private static List<TillToken> issue(List<String> tills, List<TillToken> kept, Map<String, String> tokens) {
        List<TillToken> all = new ArrayList<>(kept);
        for (String till : tills) {
            require(TILL_ID.matcher(till).matches(), "a till id is 1-32 letters, digits, _ or -: " + till);
            require(all.stream().noneMatch(t -> t.getTillId().equals(till)), "till " + till + " has a token already"
                    + " (revoke it first: --revoke-till)");
            String token = BearerTokens.generate();
            tokens.put(till, token);
            all.add(new TillToken(till, BearerTokens.sha256Hex(token)));
        }
        return all;
    }

    private Store write(Who who, Store.Builder store, String action, String detail) {
        Store record = store.setUpdatedAt(clock.instant()).setUpdatedBy(who.actor()).build();
        audit.commit(List.of(new ProducerRecord<>(Topics.STORES.name(), record.getStoreId(),
                        values.serialize(Topics.STORES.name(), record))),
                audit.entry(who.actor(), who.role(), action, record.getStoreId(), detail, who.requestId()));
        stores.put(record.getStoreId(), record); // the feed will say so too; the next check must see it now
        return record;
    }

    private static String describe(Store before, Store.Builder after) {
        List<String> changes = new ArrayList<>();
        if (!before.getName().equals(after.getName())) {
            changes.add("name");
        }
        if (!before.getTimezone().equals(after.getTimezone())) {
            changes.add("timezone " + before.getTimezone() + " -> " + after.getTimezone());
        }
        if (before.getStatus() != after.getStatus()) {
            changes.add("status " + before.getStatus() + " -> " + after.getStatus());
        }
        if (!before.getHours().equals(after.getHours())) {
            changes.add("hours");
        }
        if (!before.getClosedDays().equals(after.getClosedDays())) {
            changes.add("closed days");
        }
        if (before.getCentraWarehouseId() != after.getCentraWarehouseId()) {
            changes.add("warehouse " + before.getCentraWarehouseId() + " -> " + after.getCentraWarehouseId());
        }
        if (!before.getTills().equals(after.getTills())) {
            changes.add("tills");
        }
        return changes.isEmpty() ? "no change" : String.join(", ", changes);
    }

    private void awaitStores() throws InterruptedException {
        if (!feed.awaitLoaded(LOAD_TIMEOUT)) {
            throw new IllegalStateException("Could not read " + Topics.STORES.name() + " within "
                    + LOAD_TIMEOUT.toSeconds() + " s; is Kafka reachable?");
        }
    }

    private static void require(boolean condition, String refusal) {
        if (!condition) {
            throw new IllegalArgumentException(refusal);
        }
    }

    @Override
    public void close() {
        if (ownsAudit) {
            audit.close();
        }
        feed.close();
    }
}
