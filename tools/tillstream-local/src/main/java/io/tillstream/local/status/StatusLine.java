package io.tillstream.local.status;

import io.tillstream.local.LocalPipeline;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.Topics;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The live status line: events appended per second (from the topics' end offsets, so hand-posted
 * events count too), Centra's budget in use, and open exceptions by owner.
 */
public final class StatusLine implements AutoCloseable {

    private static final List<String> EVENT_TOPICS = List.of(Topics.POS_TRANSACTIONS.name(), Topics.STOCK_ADJUSTMENTS.name());
    private static final long PERIOD_SECONDS = 2;

    private final Supplier<String> centra;
    private final Supplier<Map<Owner, Integer>> openExceptions;
    private final PrintStream out;
    private final boolean terminal;
    private final Admin admin;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-line");
        t.setDaemon(true);
        return t;
    });
    private long lastEvents = -1;
    private int ticks;
    /** Set on close: a tick still running then says nothing (the broker may already be going away). */
    private volatile boolean closed;

    public StatusLine(LocalPipeline pipeline, PrintStream out, boolean terminal) {
        // The simulator counts every client's calls; a real tenant is not asked (that would spend its budget).
        this(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()),
                () -> pipeline.centra().simulator().map(s -> s.usage().summary()).orElseGet(SinkBudget::summary),
                () -> pipeline.reconciliation().openByOwner(), out, terminal);
    }

    /**
     * @param kafka          the settings of its Kafka admin client (bootstrap servers, security)
     * @param centra         a few words on Centra's budget
     * @param openExceptions open exceptions by owner
     */
    public StatusLine(Map<String, Object> kafka, Supplier<String> centra, Supplier<Map<Owner, Integer>> openExceptions,
                      PrintStream out, boolean terminal) {
        this.centra = centra;
        this.openExceptions = openExceptions;
        this.out = out;
        this.terminal = terminal;
        this.admin = Admin.create(kafka);
    }

    public void start() {
        scheduler.scheduleAtFixedRate(this::print, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private void print() {
        try {
            String line = line();
            if (closed) {
                return;
            }
            // In a terminal the line rewrites itself; in a log, one line every 10 s is enough.
            if (terminal) {
                out.print("\r\033[2K" + line);
                out.flush();
            } else if (ticks++ % 5 == 0) {
                out.println(line);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                out.println("status unavailable: " + e.getMessage());
            }
        }
    }

    /** The line as it would be printed now. */
    public String line() {
        long events = events();
        double perSecond = lastEvents < 0 ? 0 : (events - lastEvents) / (double) PERIOD_SECONDS;
        lastEvents = events;
        String centra = this.centra.get();
        Map<Owner, Integer> open = openExceptions.get();
        String exceptions = open.isEmpty() ? "none" : open.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return String.format("events %d (%.1f/s) | Centra %s | open exceptions: %s", events, perSecond, centra, exceptions);
    }

    private long events() {
        try {
            var partitions = admin.describeTopics(EVENT_TOPICS).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lastEvents;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Kafka unreachable", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close();
        if (terminal) {
            out.println();
        }
    }
}
