package io.tillstream.embedded.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: KRaft, combined broker and controller, one node, on 127.0.0.1.
 * It is Kafka's production server ({@link KafkaRaftServer}) formatted with Kafka's own storage
 * {@link Formatter}, so transactions, compaction and consumer groups behave as on a cluster.
 *
 * <p>Given a data directory, the log survives a restart (format runs only on an empty
 * directory, and the ports are remembered); without one, a temporary directory is deleted on close.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String PORTS_FILE = "tillstream-ports.properties";

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean temporary;
    private final int port;
    private final int saslPort; // 0: no SASL listener

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, boolean temporary, int port, int saslPort) {
        this.server = server;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.port = port;
        this.saslPort = saslPort;
    }

    /** A throwaway broker on free ports, deleted on close: for tests and benchmarks. */
    public static EmbeddedKafka startTemporary() {
        try {
            return start(Files.createTempDirectory("tillstream-kafka-"), 0, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary Kafka data directory", e);
        }
    }

    /**
     * A throwaway broker that also has a SASL_PLAINTEXT listener taking SCRAM-SHA-256 and SCRAM-SHA-512
     * ({@link #saslBootstrapServers()}), for testing clients configured as on a secured cluster. Users
     * are added with {@link #addScramUser}; the PLAINTEXT listener stays open for setup.
     */
    public static EmbeddedKafka startTemporaryWithScram() {
        try {
            return start(Files.createTempDirectory("tillstream-kafka-"), 0, true, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary Kafka data directory", e);
        }
    }

    /**
     * A broker whose log lives in {@code dataDir} and survives restarts.
     *
     * @param port the client port, or 0 for the one used last time in this directory (else a free one)
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, false, false);
    }

    private static EmbeddedKafka start(Path dataDir, int requestedPort, boolean temporary, boolean scram) {
        try {
            Files.createDirectories(dataDir);
            Properties ports = loadPorts(dataDir);
            int port = requestedPort != 0 ? requestedPort
                    : Integer.parseInt(ports.getProperty("broker", Integer.toString(freePort())));
            // The controller address is part of the formatted quorum state: keep it across restarts.
            int controllerPort = Integer.parseInt(ports.getProperty("controller", Integer.toString(freePort())));
            savePorts(dataDir, port, controllerPort);

            int saslPort = scram ? freePort() : 0;
            Properties properties = brokerProperties(dataDir, port, controllerPort);
            if (scram) {
                addScramListener(properties, port, saslPort, controllerPort);
            }
            KafkaConfig config = KafkaConfig.fromProps(properties, false);
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                format(dataDir);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup(); // returns once the broker is unfenced and serving
            log.info("Kafka broker (KRaft, in-process) serving on 127.0.0.1:{} with data in {}", port, dataDir);
            return new EmbeddedKafka(server, dataDir, temporary, port, saslPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare Kafka data directory " + dataDir, e);
        }
    }

    private static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("log.dirs", dataDir.toString());
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB dedupe buffer is allocated on the heap of this JVM.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void addScramListener(Properties p, int port, int saslPort, int controllerPort) {
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512");
        // The broker side of SCRAM needs a login module but no credentials of its own.
        for (String mechanism : List.of("scram-sha-256", "scram-sha-512")) {
            p.put("listener.name.sasl_plaintext." + mechanism + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
    }

    /** Adds (or replaces) a SCRAM user for both mechanisms; needs {@link #startTemporaryWithScram()}. */
    public void addScramUser(String user, String password) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            // one mechanism per request: Kafka refuses two changes to one user in the same request
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(mechanism, 4096), password))).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not add the SCRAM user " + user, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while adding the SCRAM user " + user, e);
        }
    }

    /** The SASL_PLAINTEXT (SCRAM) listener of a broker from {@link #startTemporaryWithScram()}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("This broker has no SASL listener: use startTemporaryWithScram()");
        }
        return "127.0.0.1:" + saslPort;
    }

    private static void format(Path dataDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + dataDir, e);
        }
    }

    private static Properties loadPorts(Path dataDir) throws IOException {
        Properties ports = new Properties();
        Path file = dataDir.resolve(PORTS_FILE);
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                ports.load(in);
            }
        }
        return ports;
    }

    private static void savePorts(Path dataDir, int port, int controllerPort) throws IOException {
        Properties ports = new Properties();
        ports.setProperty("broker", Integer.toString(port));
        ports.setProperty("controller", Integer.toString(controllerPort));
        try (var out = Files.newOutputStream(dataDir.resolve(PORTS_FILE))) {
            ports.store(out, "ports of the embedded broker; the controller's is part of the formatted quorum");
        }
    }

    /** KafkaRaftServer does not expose its bound port, so free ports are chosen up front. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            deleteRecursively(dataDir);
        }
        log.info("Kafka broker on 127.0.0.1:{} stopped", port);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
