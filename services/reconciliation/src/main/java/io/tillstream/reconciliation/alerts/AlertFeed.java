package io.tillstream.reconciliation.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each owner team of its exceptions through its webhook: once when one opens and once when it
 * resolves (see {@link AlertLedger}), at most N per window (see {@link OwnerThrottle}).
 * <p>
 * Its own consumer group on the exceptions topic, on its own thread: a slow or dead webhook delays
 * alerts, never the topology. <b>Where "already alerted" lives:</b> in that group's committed offsets.
 * Every record before the committed offset has been handled (alerted, held back for a summary, or not
 * worth an alert). After a restart or a rebalance the feed re-reads each partition from the beginning
 * (the topic is compacted by id, so that is about one record per exception) only to rebuild the ledger,
 * and alerts from the committed offset on. A state store or a second topic would need to be kept in step
 * with the offsets; the offsets alone cannot disagree with themselves. A group's first start begins at
 * the end of the topic: a new webhook hears of what happens from now on, not of the whole history (the
 * dashboard shows that). Delivery is at least once: a crash after posting and before committing posts
 * that batch again; "and K more" counts not yet summed up when the feed stops are lost.
 */
public final class AlertFeed implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(AlertFeed.class);

    private final KafkaConsumer<String, ReconciliationException> consumer;
    private final String topic;
    private final AlertSettings settings;
    private final Clock clock;
    private final AlertLedger ledger = new AlertLedger();
    private final OwnerThrottle throttle;
    private final WebhookClient webhooks;
    /** Per assigned partition: the committed offset at assignment; records before it only rebuild the ledger. */
    private final Map<TopicPartition, Long> alertFrom = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param kafkaClient bootstrap servers and security, as every client of the service gets them
     * @param groupId     its own consumer group; the offsets committed there are what has been alerted
     */
    public AlertFeed(Map<String, Object> kafkaClient, String groupId, String topic,
                     Deserializer<ReconciliationException> exceptions, AlertSettings settings, Clock clock) {
        this.topic = topic;
        this.settings = settings;
        this.clock = clock;
        this.throttle = new OwnerThrottle(settings.perWindow(), settings.window());
        this.webhooks = new WebhookClient(settings.retryDelay(), AlertSettings.MAX_ATTEMPTS);
        Map<String, Object> config = new HashMap<>(kafkaClient);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the topology writes exactly-once: aborted transactions must never alert anybody
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), exceptions);
        this.thread = new Thread(this::run, "reconciliation-alerts");
        this.thread.setDaemon(true);
        this.thread.start();
        log.info("Alerting owners through {}", settings);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebuild());
            while (running) {
                List<ReconciliationException> fresh = new ArrayList<>();
                ConsumerRecords<String, ReconciliationException> records = consumer.poll(POLL);
                for (ConsumerRecord<String, ReconciliationException> r : records) {
                    boolean replay = r.offset() < alertFrom.getOrDefault(
                            new TopicPartition(r.topic(), r.partition()), 0L);
                    if (r.value() == null) {
                        ledger.forget(r.key());
                    } else if (ledger.advance(r.value()) && !replay) {
                        fresh.add(r.value());
                    }
                }
                deliver(fresh);
                if (!records.isEmpty()) {
                    commit();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer
        } catch (RuntimeException e) {
            log.error("The alerts feed stopped; owners get no more webhook messages until a restart", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Posts what is fresh and every summary due, and waits for them: the offsets commit after delivery. */
    private void deliver(List<ReconciliationException> fresh) {
        List<CompletableFuture<Boolean>> posts = new ArrayList<>();
        throttle.closeWindows(clock.instant()).forEach((owner, more) -> posts.add(
                post(owner, "a summary of " + more + " alerts", SlackMessage.summary(owner, more, settings.window()))));
        for (ReconciliationException e : fresh) {
            URI webhook = settings.webhooks().get(e.getOwner());
            if (webhook != null && throttle.admit(e.getOwner(), clock.instant())) {
                posts.add(post(e.getOwner(), e.getStatus() + " " + e.getId(), SlackMessage.of(e)));
            }
        }
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<Boolean> post(Owner owner, String what, Map<String, Object> message) {
        try {
            return webhooks.post(what, settings.webhooks().get(owner), JSON.writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the alert " + what + " as JSON", e);
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition p : consumer.assignment()) {
            // while re-reading for the ledger, the position is behind what was already handled
            offsets.put(p, new OffsetAndMetadata(Math.max(consumer.position(p), alertFrom.getOrDefault(p, 0L))));
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // the partitions move on: their next owner re-reads from the last commit (at least once)
            log.warn("Could not commit the alerted offsets during a rebalance: {}", e.getMessage());
        }
    }

    /** On assignment: note where alerting resumes, then re-read the partition from its start for the ledger. */
    private final class Rebuild implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                alertFrom.put(p, c != null ? c.offset() : ends.get(p));
            }
            consumer.seekToBeginning(partitions);
            commit();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
            partitions.forEach(alertFrom::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // another member owns them already: committing would fail, and it rebuilds from our last commit
            partitions.forEach(alertFrom::remove);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
