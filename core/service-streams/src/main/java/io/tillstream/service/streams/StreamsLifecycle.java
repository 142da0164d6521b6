package io.tillstream.service.streams;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
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

    /**
     * For a service's main: run until SIGTERM/Ctrl-C, then close it. If the application reaches
     * ERROR (its global thread failed, or every stream thread died), the process exits with
     * {@link #EXIT_STREAMS_ERROR}: a Streams client in ERROR never recovers, and a process that
     * stays up while it answers nothing would look healthy to its supervisor (docker's restart
     * policy, systemd, ./tillstream cluster), which restarts it only if it exits.
     */
    public static void runUntilShutdown(AutoCloseable service, KafkaStreams streams) throws InterruptedException {
        runUntilShutdown(service, streams::state, System::exit);
    }

    /** The exit status of a service whose Streams application reached ERROR. */
    public static final int EXIT_STREAMS_ERROR = 70; // EX_SOFTWARE in sysexits.h

    static void runUntilShutdown(AutoCloseable service, Supplier<KafkaStreams.State> state, IntConsumer exit)
            throws InterruptedException {
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
        // Polled rather than a state listener: StartupWatch is the application's one listener.
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (state.get() == KafkaStreams.State.ERROR) {
                log.error("The Streams application is in ERROR and cannot recover; exiting with status {} so that"
                        + " the supervisor starts it again", EXIT_STREAMS_ERROR);
                exit.accept(EXIT_STREAMS_ERROR); // the shutdown hook above closes the service
                return;
            }
        }
    }
}
