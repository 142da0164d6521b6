package io.tillstream.service.topics;

import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.service.config.KafkaClientEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The init step of a deployment: creates every topic of the catalogue that is missing, with the
 * production partition counts, the replication factor and {@code min.insync.replicas}, then exits 0.
 * The brokers refuse auto-creation, so the services wait for this step (docker-compose.yml's
 * {@code topics-init}, {@code ./tillstream cluster}). Idempotent: run it at every deployment.
 *
 * <p>Environment: {@code TILLSTREAM_BOOTSTRAP_SERVERS} (required), {@code TILLSTREAM_REPLICATION_FACTOR}
 * (default 3), {@code TILLSTREAM_MIN_INSYNC_REPLICAS} (default 2 with 3 replicas or more, else 1),
 * {@code TILLSTREAM_PROVISION_TIMEOUT} (how long to wait for that many brokers, ISO-8601, default PT5M),
 * and the {@code TILLSTREAM_KAFKA_*} client security settings.
 *
 * <p>On a secured cluster it also sets up who may connect: {@code TILLSTREAM_SCRAM_USERS_FILE} names a
 * properties file of {@code principal=password}, one per service and {@code admin}; each becomes a
 * SCRAM-SHA-512 credential and the services get the ACLs of {@link ServicePrincipals}. The step then runs
 * as the brokers' super user over their mutual-TLS listener (no SCRAM user exists before it).
 */
public final class ProvisionTopics {

    private static final Logger log = LoggerFactory.getLogger(ProvisionTopics.class);
    public static final String BOOTSTRAP_ENV = "TILLSTREAM_BOOTSTRAP_SERVERS";
    public static final String REPLICATION_FACTOR_ENV = "TILLSTREAM_REPLICATION_FACTOR";
    public static final String MIN_INSYNC_ENV = "TILLSTREAM_MIN_INSYNC_REPLICAS";
    public static final String TIMEOUT_ENV = "TILLSTREAM_PROVISION_TIMEOUT";
    public static final String SCRAM_USERS_ENV = "TILLSTREAM_SCRAM_USERS_FILE";

    private ProvisionTopics() {
    }

    public static void main(String[] args) {
        try {
            List<String> created = provision(System.getenv());
            System.out.println("Topics ready (" + created.size() + " created)");
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("provision-topics: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            log.error("Could not provision the topics: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** @return the topics created */
    static List<String> provision(Map<String, String> env) {
        String bootstrap = env.get(BOOTSTRAP_ENV);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("Set the environment variable " + BOOTSTRAP_ENV);
        }
        short replicas = Short.parseShort(env.getOrDefault(REPLICATION_FACTOR_ENV, "3").trim());
        int minInsync = Integer.parseInt(env.getOrDefault(MIN_INSYNC_ENV, replicas >= 3 ? "2" : "1").trim());
        Duration timeout = Duration.parse(env.getOrDefault(TIMEOUT_ENV, "PT5M").trim());
        Map<String, Object> config = new HashMap<>(KafkaClientEnvironment.from(env, BOOTSTRAP_ENV).values());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        String users = env.get(SCRAM_USERS_ENV);
        try (Admin admin = Admin.create(config)) {
            awaitBrokers(admin, replicas, timeout);
            List<String> created = new TopicProvisioner(admin, Integer.MAX_VALUE, replicas, minInsync)
                    .provision(Topics.ALL);
            if (users != null && !users.isBlank()) {
                new ClusterAccess(admin).apply(ClusterAccess.readPasswords(Path.of(users.trim())));
            }
            return created;
        }
    }

    /** Creating a topic with 3 replicas on a cluster where 2 brokers have registered so far would fail. */
    private static void awaitBrokers(Admin admin, int brokers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            try {
                seen = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
                if (seen >= brokers) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the brokers", e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.info("Kafka not answering yet: {}", e.getMessage());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the brokers", e);
            }
        }
        throw new IllegalStateException("Only " + seen + " of " + brokers + " brokers registered within " + timeout);
    }
}
