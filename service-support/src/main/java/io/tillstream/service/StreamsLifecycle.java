package io.tillstream.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting and stopping a Streams service the same way everywhere. */
public final class StreamsLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamsLifecycle.class);

    private StreamsLifecycle() {
    }

    /**
     * A failed stream thread is replaced rather than taking the whole service down; while the
     * service is not RUNNING, {@link StartupWatch} says what it waits for.
     */
    public static void start(KafkaStreams streams, String name) {
        streams.setUncaughtExceptionHandler(e -> {
            log.error("A {} stream thread failed; replacing it", name, e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        StartupWatch.watch(streams, name);
        streams.start();
    }

    /**
     * Leaves the group on a clean stop: a restarted instance then gets its tasks at once instead
     * of waiting a session timeout for the departed member.
     */
    public static void stop(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    /** For a service's main: run until SIGTERM/Ctrl-C, then close it. */
    public static void runUntilShutdown(AutoCloseable service) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                log.warn("Stopping failed: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }
}
