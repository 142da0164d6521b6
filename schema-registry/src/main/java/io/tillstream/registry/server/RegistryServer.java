package io.tillstream.registry.server;

import java.util.concurrent.CountDownLatch;

/**
 * The registry as its own process, as {@code ./tillstream cluster} runs two of it on one {@code _schemas}
 * topic. Configured from the environment: {@code TILLSTREAM_BOOTSTRAP_SERVERS} (required),
 * {@code TILLSTREAM_HTTP_HOST} (default 127.0.0.1; 0.0.0.0 in a container), {@code TILLSTREAM_HTTP_PORT}
 * (default 8085), {@code TILLSTREAM_REPLICATION_FACTOR} (of the topic when it must be created; default
 * min(3, brokers)), {@code TILLSTREAM_REGISTRY_WRITER_FILE} (a file holding {@code user:password}: only
 * that credential may register a schema; the services get it as their registry client's basic auth,
 * reads and lookups stay open). Without it, anyone who reaches the registry may register, like
 * Confluent's registry out of the box: keep it off the network (docker-compose.yml binds it to loopback).
 */
public final class RegistryServer {

    private RegistryServer() {
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
        String writerFile = System.getenv("TILLSTREAM_REGISTRY_WRITER_FILE");
        if (writerFile != null && !writerFile.isBlank()) {
            try {
                builder.writer(java.nio.file.Files.readString(java.nio.file.Path.of(writerFile)).strip());
            } catch (java.io.IOException e) {
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
