package io.tillstream.service.audit;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.AuditEntry;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicFeed;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The newest entries of {@code audit.v1}, for the API and the dashboard. The topic itself is the
 * record an auditor gets (kept forever); this keeps only what a screen shows.
 */
public final class AuditView implements AutoCloseable {

    public static final int KEPT = 1000;

    private final Deque<AuditEntry> newest = new ArrayDeque<>();
    private final TopicFeed<AuditEntry> feed;
    private volatile boolean loaded;

    private AuditView(Map<String, Object> kafkaClient, SchemaRegistryClient registry, Consumer<AuditEntry> each) {
        this.feed = new TopicFeed<>(kafkaClient, registry, Topics.AUDIT, (key, entry) -> {
            add(entry);
            if (entry != null) {
                each.accept(entry);
            }
        }, () -> loaded = true);
    }

    public static AuditView start(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        return start(kafkaClient, registry, entry -> { });
    }

    /** The same, handing every entry (from the first) to {@code each} too, e.g. to follow the months closed. */
    public static AuditView start(Map<String, Object> kafkaClient, SchemaRegistryClient registry,
                                  Consumer<AuditEntry> each) {
        AuditView view = new AuditView(kafkaClient, registry, each);
        view.feed.start();
        return view;
    }

    private synchronized void add(AuditEntry entry) {
        if (entry == null) {
            return;
        }
        newest.addFirst(entry);
        if (newest.size() > KEPT) {
            newest.removeLast();
        }
    }

    public boolean loaded() {
        return loaded;
    }

    /** Newest first, at most {@code limit}. */
    public synchronized List<AuditEntry> newest(int limit) {
        List<AuditEntry> out = new ArrayList<>(Math.min(limit, newest.size()));
        for (AuditEntry entry : newest) {
            if (out.size() == limit) {
                break;
            }
            out.add(entry);
        }
        return out;
    }

    @Override
    public void close() {
        feed.close();
    }
}
