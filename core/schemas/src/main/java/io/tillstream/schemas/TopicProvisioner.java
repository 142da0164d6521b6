package io.tillstream.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's topics that do not exist yet. Idempotent: safe to run at every start
 * of every service, concurrently. Existing topics are left alone (partition counts are never
 * changed behind an operator's back: that would move keys between partitions).
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final int maxPartitions;
    private final short replicationFactor;

    private final int minInsyncReplicas;

    /**
     * @param maxPartitions     caps each topic's partition count (a single dev broker needs few)
     * @param replicationFactor 1 on one broker, 3 in production
     */
    public TopicProvisioner(Admin admin, int maxPartitions, short replicationFactor) {
        this(admin, maxPartitions, replicationFactor, 0);
    }

    /**
     * @param minInsyncReplicas set on every topic created (2 with 3 replicas: an acknowledged write is on
     *                          two brokers, and one broker may be down without stopping writers); 0 leaves
     *                          the broker's default
     */
    public TopicProvisioner(Admin admin, int maxPartitions, short replicationFactor, int minInsyncReplicas) {
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas " + minInsyncReplicas
                    + " above the replication factor " + replicationFactor + " would refuse every write");
        }
        this.admin = admin;
        this.maxPartitions = maxPartitions;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    private Map<String, String> configs(TopicSpec<?> topic) {
        if (minInsyncReplicas == 0) {
            return topic.configs();
        }
        Map<String, String> configs = new HashMap<>(topic.configs());
        configs.put("min.insync.replicas", Integer.toString(minInsyncReplicas));
        return configs;
    }

    /** @return the names of the topics this call created */
    public List<String> provision(Collection<TopicSpec<?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec<?> t : topics) {
                if (!existing.contains(t.name())) {
                    missing.add(new NewTopic(t.name(), Math.min(t.partitions(), maxPartitions), replicationFactor)
                            .configs(configs(t)));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get();
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + entry.getKey(), e.getCause());
                    }
                    // another service created it between our list and create: that is the goal
                }
            }
            if (!created.isEmpty()) {
                log.info("Created topics {}", created);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while provisioning topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not list topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
