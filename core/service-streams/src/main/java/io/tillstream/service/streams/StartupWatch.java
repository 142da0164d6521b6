package io.tillstream.service.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says why a Streams service is not serving. Its state changes are logged at INFO (each changelog's
 * restoration at DEBUG), and once the service has been out of RUNNING for {@link #PATIENCE}, a WARN every
 * {@link #PATIENCE} names what it waits for: the stream threads' states and every changelog still
 * restoring (position, end, and how long since it last moved), or that nothing restores (so it waits
 * for the group or for its tasks to initialise). The default log level shows WARN; without this, a
 * service stuck in REBALANCING logged nothing after a crash's TaskCorruptedException.
 */
final class StartupWatch implements KafkaStreams.StateListener, StateRestoreListener {

    private static final Logger log = LoggerFactory.getLogger(StartupWatch.class);
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final KafkaStreams streams;
    private final String name;
    private final Map<TopicPartition, Restoring> restoring = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "startup-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long notRunningSince = System.nanoTime();

    private StartupWatch(KafkaStreams streams, String name) {
        this.streams = streams;
        this.name = name;
    }

    /** Registers the watch on a Streams instance that has not started yet. */
    static void watch(KafkaStreams streams, String name) {
        StartupWatch watch = new StartupWatch(streams, name);
        streams.setStateListener(watch);
        streams.setGlobalStateRestoreListener(watch);
        watch.timer.scheduleWithFixedDelay(() -> {
            try {
                watch.check();
            } catch (RuntimeException e) {
                // e.g. stopping between the check of the state and the threads' metadata; try again next time
                log.debug("Could not check the {}: {}", name, e.toString());
            }
        }, PATIENCE.toSeconds(), PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        long now = System.nanoTime();
        if (newState == KafkaStreams.State.RUNNING) {
            log.info("The {} is RUNNING, {} s after it stopped serving", name, seconds(now - notRunningSince));
        } else {
            if (oldState == KafkaStreams.State.RUNNING) {
                notRunningSince = now;
            }
            log.info("The {} went from {} to {}", name, oldState, newState);
        }
        if (!newState.isRunningOrRebalancing()) {
            timer.shutdownNow(); // stopping or failed: nothing more to wait for
        }
    }

    private void check() {
        KafkaStreams.State state = streams.state();
        long waited = System.nanoTime() - notRunningSince;
        if (state == KafkaStreams.State.RUNNING || waited < PATIENCE.toNanos()) {
            return;
        }
        String threads = streams.metadataForLocalThreads().stream()
                .map(t -> t.threadName() + " " + t.threadState() + " (" + t.activeTasks().size() + " active tasks)")
                .collect(Collectors.joining(", "));
        long now = System.nanoTime();
        String changelogs = restoring.entrySet().stream()
                .map(e -> e.getKey() + " position " + e.getValue().position + " of " + e.getValue().end
                        + ", last moved " + seconds(now - e.getValue().movedAt) + " s ago")
                .collect(Collectors.joining("; "));
        log.warn("The {} has been {} for {} s. Threads: {}. {}", name, state, seconds(waited), threads,
                changelogs.isEmpty() ? "No changelog is restoring: it waits for the group's assignment or for its"
                        + " tasks to initialise (transactions, committed offsets)"
                        : "Restoring (a read_committed restore stops at an open transaction): " + changelogs);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.put(partition, new Restoring(store, startingOffset, endingOffset));
        log.debug("The {} restores store {} from {} offsets {} to {}", name, store, partition, startingOffset,
                endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        Restoring r = restoring.get(partition);
        if (r != null) {
            r.position = batchEndOffset + 1;
            r.movedAt = System.nanoTime();
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Restoring r = restoring.remove(partition);
        log.debug("The {} restored {} records of store {} from {}{}", name, totalRestored, store, partition,
                r == null ? "" : " in " + seconds(System.nanoTime() - r.startedAt) + " s");
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    private static final class Restoring {
        final String store;
        final long end;
        final long startedAt = System.nanoTime();
        volatile long position;
        volatile long movedAt = startedAt;

        Restoring(String store, long start, long end) {
            this.store = store;
            this.end = end;
            this.position = start;
        }
    }
}
