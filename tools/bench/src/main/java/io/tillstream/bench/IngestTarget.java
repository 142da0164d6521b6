package io.tillstream.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tillstream.ingest.stores.StoreRegistry;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.TopicProvisioner;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.StoreAdmin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** pos-ingest as it runs in production (Micronaut, real registry, acks=all), on the benchmark's broker. */
final class IngestTarget implements AutoCloseable {

    static final int STORES = 10;
    static final int PARTITIONS = 3;

    private final EmbeddedSchemaRegistry registry;
    private final ApplicationContext ingest;
    private final List<String> tokens;

    private IngestTarget(EmbeddedSchemaRegistry registry, ApplicationContext ingest, List<String> tokens) {
        this.registry = registry;
        this.ingest = ingest;
        this.tokens = tokens;
    }

    static IngestTarget start(String bootstrapServers, Path workDir) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicProvisioner(admin, PARTITIONS, (short) 1).provision(Topics.ALL);
        }
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrapServers, 0);
        List<String> tokens = new ArrayList<>();
        StringBuilder yaml = new StringBuilder("stores:\n");
        for (int i = 1; i <= STORES; i++) {
            String token = "bench-token-" + i;
            tokens.add(token);
            yaml.append("  - storeId: ").append(storeId(i)).append("\n    timezone: Europe/London\n")
                    .append("    centraWarehouseId: ").append(i).append("\n    tokenSha256: \"")
                    .append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(token.getBytes(StandardCharsets.UTF_8)))).append("\"\n");
        }
        Path stores = workDir.resolve("stores.yml");
        Files.writeString(stores, yaml);
        try (StoreAdmin admin = new StoreAdmin(Map.of("bootstrap.servers", bootstrapServers),
                new SchemaRegistryClient(registry.url().toString()), Clock.systemUTC())) {
            admin.importFile(StoreAdmin.Who.of("bench"), stores);
        }
        ApplicationContext ingest = Micronaut.build(new String[0])
                .mainClass(io.tillstream.ingest.Application.class)
                .banner(false)
                .properties(Map.of("micronaut.server.port", -1, "tillstream.bootstrap.servers", bootstrapServers,
                        "tillstream.schema-registry.url", registry.url().toString(),
                        // The bench measures throughput, not the per-store budget that protects it.
                        "tillstream.ingest.rate-limit.enabled", false,
                        "tillstream.ingest.batch.producers", 4))
                .start();
        StoreRegistry registered = ingest.getBean(StoreRegistry.class);
        for (int i = 0; i < 300 && !registered.loaded(); i++) {
            Thread.sleep(100);
        }
        return new IngestTarget(registry, ingest, tokens);
    }

    static String storeId(int i) {
        return String.format("B%03d", i);
    }

    String url() {
        return ingest.getBean(EmbeddedServer.class).getURL().toString();
    }

    String registryUrl() {
        return registry.url().toString();
    }

    /** Store i (1-based) and its token. */
    String token(int i) {
        return tokens.get(i - 1);
    }

    @Override
    public void close() throws IOException {
        ingest.close();
        registry.close();
    }
}
