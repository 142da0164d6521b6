package io.tillstream.registry.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process schema registry speaking the Confluent REST subset that serializers, converters
 * and {@link io.tillstream.registry.client.SchemaRegistryClient} use, on 127.0.0.1. For the embedded
 * (single-machine) default of Tillstream and for tests; production points at a real registry.
 *
 * <p>Registrations are kept in a compacted one-partition Kafka topic ({@code _schemas}, in Confluent's
 * record layout), read to its end on start, so ids survive restarts. Each registration is
 * acknowledged by Kafka (acks=all) before it is answered. Compatibility is BACKWARD for every subject.
 *
 * <p>Several registries may share the topic (two in {@code ./tillstream cluster}): each reads what the
 * others registered, and registrations are decided by one at a time (see {@link KafkaSchemaLog}).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    public static final String DEFAULT_TOPIC = "_schemas";
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaLog schemaLog;
    private final URI url;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, SchemaLog schemaLog) {
        this.server = server;
        this.executor = executor;
        this.schemaLog = schemaLog;
        this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A registry keeping its schemas in {@code _schemas} on that cluster; {@code port} 0 picks a free one. */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, int port) {
        return builder(bootstrapServers).port(port).start();
    }

    /** A registry that keeps nothing after {@link #close()}: for unit tests that need no broker. */
    public static EmbeddedSchemaRegistry startInMemory(int port) {
        return startInMemory(port, null);
    }

    /** In memory, with registration limited to {@code writer} ({@code user:password}). */
    public static EmbeddedSchemaRegistry startInMemory(int port, String writer) {
        return serve(SchemaLog.NONE, InetAddress.getLoopbackAddress(), port, DEFAULT_KAFKA_TIMEOUT, writer);
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Settings beyond the bootstrap servers. */
    public static final class Builder {
        private final Map<String, Object> kafkaConfig = new HashMap<>();
        private int port;
        private InetAddress host = InetAddress.getLoopbackAddress();
        private String topic = DEFAULT_TOPIC;
        private short replicationFactor = -1;
        private Duration kafkaTimeout = DEFAULT_KAFKA_TIMEOUT;
        private String writer;

        private Builder(String bootstrapServers) {
            kafkaConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }

        /** The HTTP port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The interface to serve on: 127.0.0.1 by default; all of them ({@code 0.0.0.0}) in a container. */
        public Builder host(String host) {
            try {
                this.host = InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("Unknown host " + host, e);
            }
            return this;
        }

        /** The schema topic; {@code _schemas} by default. */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** For the topic if it must be created; default min(3, brokers). */
        public Builder replicationFactor(short replicationFactor) {
            this.replicationFactor = replicationFactor;
            return this;
        }

        /** Extra Kafka client settings (security.protocol, sasl.*, …) for the topic's producer and consumer. */
        public Builder kafkaConfig(Map<String, ?> config) {
            kafkaConfig.putAll(config);
            return this;
        }

        /** Bounds reading the topic on start and each write; 30 s by default. */
        public Builder kafkaTimeout(Duration timeout) {
            this.kafkaTimeout = timeout;
            return this;
        }

        /** {@code user:password} that registering a schema needs; reads stay open. */
        public Builder writer(String userInfo) {
            this.writer = userInfo;
            return this;
        }

        public EmbeddedSchemaRegistry start() {
            KafkaSchemaLog schemaLog = KafkaSchemaLog.open(kafkaConfig, topic, replicationFactor, kafkaTimeout);
            try {
                return serve(schemaLog, host, port, kafkaTimeout, writer);
            } catch (RuntimeException e) {
                schemaLog.close();
                throw e;
            }
        }
    }

    private static EmbeddedSchemaRegistry serve(SchemaLog schemaLog, InetAddress host, int port,
                                                Duration kafkaTimeout, String writer) {
        SchemaStore store = new SchemaStore(schemaLog, kafkaTimeout);
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/", new RestApi(store, writer));
            server.setExecutor(executor);
            server.start();
            EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, executor, schemaLog);
            log.info("Schema registry serving on {} with {} subjects kept in {}", registry.url,
                    store.subjects().size(), schemaLog);
            return registry;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Could not serve the schema registry on " + host.getHostAddress() + ":" + port,
                    e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}: the value for {@code schema.registry.url}. */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        schemaLog.close();
        log.info("Schema registry on {} stopped", url);
    }
}
