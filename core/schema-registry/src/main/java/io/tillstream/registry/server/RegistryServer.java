package io.tillstream.registry.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The registry as its own process, as {@code ./tillstream cluster} runs two of it on one {@code _schemas}
 * topic. Configured from the environment: {@code TILLSTREAM_BOOTSTRAP_SERVERS} (required),
 * {@code TILLSTREAM_HTTP_HOST} (default 127.0.0.1; 0.0.0.0 in a container), {@code TILLSTREAM_HTTP_PORT}
 * (default 8085), {@code TILLSTREAM_REPLICATION_FACTOR} (of the topic when it must be created; default
 * min(3, brokers)), {@code TILLSTREAM_REGISTRY_WRITER_FILE} (who may register schemas, one
 * {@code user:password [subject-prefix ...]} per line, see {@link Writers}; they present it as their
 * registry client's basic auth; reads, lookups and registering what a subject already holds stay open).
 * Without it, anyone who reaches the registry may register, like
 * Confluent's registry out of the box: keep it off the network (docker-compose.yml binds it to loopback).
 * {@code TILLSTREAM_KAFKA_CONFIG_FILE}: a Kafka client properties file (security.protocol, sasl.*,
 * ssl.*, as Kafka's own tools take with --command-config) for every client of {@code _schemas} on a
 * secured cluster.
 */
public final class RegistryServer {

    private RegistryServer() {
    }

    /** The client settings of {@code TILLSTREAM_KAFKA_CONFIG_FILE}, or none. */
    static Map<String, Object> kafkaConfig(Map<String, String> env) throws IOException {
        String file = env.get("TILLSTREAM_KAFKA_CONFIG_FILE");
        Map<String, Object> config = new HashMap<>();
        if (file != null && !file.isBlank()) {
            Properties properties = new Properties();
            try (var in = Files.newInputStream(Path.of(file))) {
                properties.load(in);
            }
            properties.forEach((key, value) -> config.put(key.toString(), value.toString().strip()));
        }
        return config;
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = System.getenv("TILLSTREAM_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            System.err.println("Set the environment variable TILLSTREAM_BOOTSTRAP_SERVERS");
            System.exit(2);
        }
        EmbeddedSchemaRegistry.Builder builder = EmbeddedSchemaRegistry.builder(bootstrap)
                .host(System.getenv().getOrDefault("TILLSTREAM_HTTP_HOST", "127.0.0.1"))
                .port(Integer.parseInt(System.getenv().getOrDefault("TILLSTREAM_HTTP_PORT", "8085")));
        try {
            builder.kafkaConfig(kafkaConfig(System.getenv()));
        } catch (IOException e) {
            System.err.println("Cannot read TILLSTREAM_KAFKA_CONFIG_FILE: " + e.getMessage());
            System.exit(2);
        }
        String writerFile = System.getenv("TILLSTREAM_REGISTRY_WRITER_FILE");
        if (writerFile != null && !writerFile.isBlank()) {
            try {
                builder.writer(Files.readString(Path.of(writerFile)).strip());
            } catch (IOException e) {
                System.err.println("Cannot read TILLSTREAM_REGISTRY_WRITER_FILE " + writerFile + ": " + e.getMessage());
                System.exit(2);
            }
        }
        String rf = System.getenv("TILLSTREAM_REPLICATION_FACTOR");
        if (rf != null && !rf.isBlank()) {
            builder.replicationFactor(Short.parseShort(rf.trim()));
        }
        EmbeddedSchemaRegistry registry = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            stopped.countDown();
        }, "schema-registry-shutdown"));
        stopped.await();
    }
}
