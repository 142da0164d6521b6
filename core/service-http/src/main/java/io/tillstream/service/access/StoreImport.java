package io.tillstream.service.access;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.service.config.KafkaClientEnvironment;
import io.tillstream.service.config.RegistryClientEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment's one-shot step that imports {@code stores.yml} into the store registry at every
 * {@code up} (the file in {@code TILLSTREAM_STORES_FILE}, with {@code TILLSTREAM_BOOTSTRAP_SERVERS},
 * {@code TILLSTREAM_SCHEMA_REGISTRY_URL} and the {@code TILLSTREAM_KAFKA_*} client settings): stores the
 * registry has are left alone, so it is idempotent and never undoes a {@code ./tillstream store update}.
 */
public final class StoreImport {

    public static final String FILE_ENV = "TILLSTREAM_STORES_FILE";

    private StoreImport() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        if (List.of(args).contains("--help")) {
            System.out.println("usage: StoreImport   (TILLSTREAM_STORES_FILE, TILLSTREAM_BOOTSTRAP_SERVERS, "
                    + "TILLSTREAM_SCHEMA_REGISTRY_URL)");
            System.exit(0);
        }
        if (env.get(FILE_ENV) == null || env.get("TILLSTREAM_BOOTSTRAP_SERVERS") == null
                || env.get("TILLSTREAM_SCHEMA_REGISTRY_URL") == null) {
            System.err.println("stores: set " + FILE_ENV + ", TILLSTREAM_BOOTSTRAP_SERVERS and TILLSTREAM_SCHEMA_REGISTRY_URL");
            System.exit(2);
        }
        Map<String, Object> kafka = new HashMap<>(KafkaClientEnvironment.from(env, "TILLSTREAM_BOOTSTRAP_SERVERS").values());
        kafka.put("bootstrap.servers", env.get("TILLSTREAM_BOOTSTRAP_SERVERS"));
        Map<String, Object> registry = new HashMap<>(RegistryClientEnvironment.from(env).values());
        registry.put(SchemaRegistryClientConfig.URL_CONFIG, env.get("TILLSTREAM_SCHEMA_REGISTRY_URL"));
        try (StoreAdmin admin = new StoreAdmin(kafka, new SchemaRegistryClient(registry), Clock.systemUTC())) {
            admin.importFile(StoreAdmin.Who.of("deploy:stores-init"), Path.of(env.get(FILE_ENV)))
                    .forEach(System.out::println);
            System.exit(0);
        } catch (InterruptedException | RuntimeException e) {
            System.err.println("stores: " + e.getMessage());
            System.exit(1);
        }
    }
}
