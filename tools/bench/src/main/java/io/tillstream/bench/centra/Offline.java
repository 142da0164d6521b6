package io.tillstream.bench.centra;

import io.tillstream.domain.exceptions.RetailOpsRules;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The stores whose tills are offline in the middle of the run: their movements wait in a backlog
 * until they come back, and they are declared silent meanwhile, with reconciliation's own rules
 * ({@link RetailOpsRules}), on the topic the hold-back tenant's sink reads. What each tenant counted
 * is taken when they go offline and again a while after their backlog was sent: the difference is
 * what the episode cost.
 */
final class Offline {

    /** How long after the backlog is sent the episode is counted: the sinks push it within seconds. */
    static final Duration AFTER_BACKLOG = Duration.ofSeconds(30);

    private final CentraParams params;
    private final long startMillis;
    private final String topic;
    private final Duration silenceAfter;
    private final ConfluentAvroSerializer<ReconciliationException> serializer;
    private final Deque<StoreTraffic.Movement> backlog = new ArrayDeque<>();
    private final Map<Integer, ReconciliationException> silent = new HashMap<>();
    private final List<CentraTenant> tenants;
    private final Map<String, CentraTenant.Outcome> before = new HashMap<>();
    private final Map<String, CentraTenant.Outcome> after = new HashMap<>();
    private boolean over;

    Offline(CentraParams params, long startMillis, String registryUrl, String topic, Duration silenceAfter,
            List<CentraTenant> tenants) {
        this.tenants = tenants;
        this.params = params;
        this.startMillis = startMillis;
        this.topic = topic;
        this.silenceAfter = silenceAfter;
        this.serializer = new ConfluentAvroSerializer<>(new SchemaRegistryClient(registryUrl),
                Topics.EXCEPTIONS.valueSchema());
    }

    /** Whether the movement waits in its store's backlog (its tills are offline now). */
    boolean queued(StoreTraffic.Movement m, long nowMillis) {
        if (!params.offline(m.store(), nowMillis - startMillis)) {
            return false;
        }
        backlog.add(m);
        return true;
    }

    /** Declares the offline stores silent once they have been for a while; sends the backlog when they are back. */
    void tick(long nowMillis, KafkaProducer<String, byte[]> producer, Consumer<StoreTraffic.Movement> send) {
        long elapsed = nowMillis - startMillis;
        Instant now = Instant.ofEpochMilli(nowMillis);
        if (before.isEmpty() && elapsed >= params.offlineFrom().toMillis()) {
            tenants.forEach(t -> before.put(t.name, t.outcome()));
        }
        if (after.isEmpty() && elapsed >= params.offlineUntil().plus(AFTER_BACKLOG).toMillis()) {
            tenants.forEach(t -> after.put(t.name, t.outcome()));
        }
        Instant wentOffline = Instant.ofEpochMilli(startMillis + params.offlineFrom().toMillis());
        for (int store = 1; store <= params.offlineStores(); store++) {
            if (params.offline(store, elapsed) && !silent.containsKey(store)) {
                int s = store;
                RetailOpsRules.storeQuiet(null, CentraParams.storeId(store), wentOffline, silenceAfter, now)
                        .ifPresent(e -> write(producer, s, e));
            }
        }
        if (over || elapsed < params.offlineUntil().toMillis()) {
            return;
        }
        over = true;
        while (!backlog.isEmpty()) {
            send.accept(backlog.poll());
        }
        silent.forEach((store, open) -> RetailOpsRules.storeHeard(open, now, now)
                .ifPresent(resolved -> write(producer, store, resolved)));
    }

    /** What the tenant counted during the episode (all of the run from its start, if the run ended first). */
    CentraTenant.Outcome during(String tenant) {
        CentraTenant.Outcome from = before.get(tenant);
        CentraTenant.Outcome to = after.get(tenant);
        if (from == null) {
            return new CentraTenant.Outcome(0, 0, 0, 0, 0);
        }
        to = to == null ? tenants.stream().filter(t -> t.name.equals(tenant)).findFirst().orElseThrow().outcome() : to;
        return new CentraTenant.Outcome(to.mutations() - from.mutations(), to.ordersAccepted() - from.ordersAccepted(),
                to.ordersRefused() - from.ordersRefused(), to.oversells() - from.oversells(),
                to.oversoldUnits() - from.oversoldUnits());
    }

    private void write(KafkaProducer<String, byte[]> producer, int store, ReconciliationException e) {
        silent.put(store, e);
        producer.send(new ProducerRecord<>(topic, e.getId(), serializer.serialize(topic, e)));
    }
}
