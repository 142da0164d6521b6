package io.tillstream.bench;

import io.tillstream.local.cluster.Cluster;
import io.tillstream.local.cluster.ClusterPlan.Kind;
import io.tillstream.projector.StockProjector;
import io.tillstream.schemas.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenario cluster: what a second projector instance does to the ledger's throughput in the production
 * shape ({@code ./tillstream cluster}: 3 brokers, RF 3, min.insync.replicas 2), on this machine. A backlog
 * of sales is written while the projectors are stopped, then folded by two instances, then another by
 * one, each timed from the start until the group's committed offsets reach the end; Kafka's
 * ConsumerPerformance reads the same topic on the same cluster as the reference. The Centra sink is not
 * measured here: its throughput is the tenant's mutation budget, which its tasks share evenly, so a
 * second task adds failover, not mutations.
 */
final class ClusterScenario {

    private static final int TRANSACTIONS = 50_000;
    private static final int PORT_BASE = 23080;

    private ClusterScenario() {
    }

    static void run(Path root, Path work) throws Exception {
        System.out.printf("%nScenario cluster: %,d sales of 2 lines folded by the projector on ./tillstream cluster%n",
                TRANSACTIONS);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        long started = System.nanoTime();
        try (Cluster cluster = Cluster.start(root, work.resolve("cluster"), PORT_BASE, 3, quiet)) {
            System.out.printf("  cluster started in %.1f s: %d processes, %,d MiB resident%n",
                    (System.nanoTime() - started) / 1e9, cluster.running(), cluster.rssMib());
            String bootstrap = cluster.bootstrapServers();
            List<String> projectors = cluster.names(Kind.PROJECTOR);
            projectors.forEach(cluster::stop);
            ProjectorScenario.produceSales(bootstrap, cluster.urls(Kind.REGISTRY).get(0), 0, TRANSACTIONS,
                    Instant.now());
            long total = endOffsets(bootstrap);
            double[] consumer = KafkaBaseline.consume(bootstrap, Topics.POS_TRANSACTIONS.name(), total);
            System.out.printf("  ConsumerPerformance   %,10.0f records/s%n", consumer[0]);

            double two = fold(cluster, projectors, bootstrap, total);
            projectors.forEach(cluster::stop);
            ProjectorScenario.produceSales(bootstrap, cluster.urls(Kind.REGISTRY).get(0), TRANSACTIONS, TRANSACTIONS,
                    Instant.now());
            double one = fold(cluster, projectors.subList(0, 1), bootstrap, endOffsets(bootstrap));
            System.out.printf("  2 projector instances %,10.0f records/s  (%.3fx ConsumerPerformance)%n", two,
                    two / consumer[0]);
            System.out.printf("  1 projector instance  %,10.0f records/s  (%.3fx ConsumerPerformance)%n", one,
                    one / consumer[0]);
            System.out.printf("  two instances / one: %.2fx once running (on two cores the second instance buys"
                    + " failover, not speed)%n", two / one);
        }
    }

    /**
     * Starts the instances and times them until the group has committed every record: from their start,
     * and from their first commit (start-up and the rebalance left out, which is the rate that matters
     * for a long backlog).
     *
     * @return the rate from the first commit
     */
    private static double fold(Cluster cluster, List<String> instances, String bootstrap, long end) throws Exception {
        long from = committed(bootstrap);
        long start = System.nanoTime();
        instances.forEach(cluster::restart);
        long deadline = start + Duration.ofMinutes(15).toNanos();
        long firstAt = 0;
        long firstCommitted = from;
        long now;
        while ((now = committed(bootstrap)) < end) {
            if (firstAt == 0 && now > from) {
                firstAt = System.nanoTime();
                firstCommitted = now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The projector did not fold the backlog within 15 minutes");
            }
            Thread.sleep(200);
        }
        long done = System.nanoTime();
        if (firstAt == 0) {
            firstAt = start;
        }
        double running = (end - firstCommitted) / ((done - firstAt) / 1e9);
        System.out.printf("  %d instance(s): %,d records in %.1f s from the start (%.1f s to the first commit),"
                + " %,.0f records/s after it%n", instances.size(), end - from, (done - start) / 1e9,
                (firstAt - start) / 1e9, running);
        return running;
    }

    private static long endOffsets(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(Topics.POS_TRANSACTIONS.name())).allTopicNames().get()
                    .values().stream().flatMap(d -> d.partitions().stream()
                            .map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    private static long committed(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets(StockProjector.APPLICATION_ID).partitionsToOffsetAndMetadata().get()
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.POS_TRANSACTIONS.name())
                            && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
