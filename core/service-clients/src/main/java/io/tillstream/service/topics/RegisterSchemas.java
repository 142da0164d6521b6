package io.tillstream.service.topics;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.schemas.TopicSpec;
import io.tillstream.schemas.Topics;
import io.tillstream.service.config.RegistryClientEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy step that registers the value schema of every topic of the catalogue under
 * {@code <topic>-value}, before any service starts (docker-compose.yml's {@code schemas-init}). With a
 * registry that lets only its writers register ({@code TILLSTREAM_REGISTRY_WRITER_FILE}), this step holds
 * the writer credential for every subject and the services none for the topics others read: a service
 * registering a schema its topic already holds is answered as a lookup, and a new one is refused, so a
 * schema change reaches a topic only through a deployment. Idempotent: run it at every deployment.
 *
 * <p>Environment: {@code TILLSTREAM_SCHEMA_REGISTRY_URL} (required), the registry client settings
 * ({@code TILLSTREAM_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE}, TLS; see {@link RegistryClientEnvironment})
 * and {@code TILLSTREAM_PROVISION_TIMEOUT} (how long a registry that does not answer is waited for,
 * ISO-8601, default PT5M).
 */
public final class RegisterSchemas {

    private static final Logger log = LoggerFactory.getLogger(RegisterSchemas.class);
    public static final String REGISTRY_ENV = "TILLSTREAM_SCHEMA_REGISTRY_URL";

    private RegisterSchemas() {
    }

    public static void main(String[] args) {
        try {
            Map<String, Integer> ids = register(System.getenv());
            System.out.println("Schemas registered: " + ids);
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("register-schemas: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            log.error("Could not register the schemas: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** @return subject → schema id */
    static Map<String, Integer> register(Map<String, String> env) {
        String url = env.get(REGISTRY_ENV);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Set the environment variable " + REGISTRY_ENV);
        }
        Duration timeout = Duration.parse(env.getOrDefault(ProvisionTopics.TIMEOUT_ENV, "PT5M").trim());
        Map<String, Object> config = new HashMap<>(RegistryClientEnvironment.from(env).values());
        config.put(SchemaRegistryClientConfig.URL_CONFIG, url);
        SchemaRegistryClient registry = new SchemaRegistryClient(config);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (TopicSpec<?> topic : Topics.ALL) {
            if (topic.valueSchema() == null) {
                continue; // a dead-letter topic keeps the original bytes
            }
            String subject = topic.name() + "-value";
            ids.put(subject, registerWithRetry(registry, subject, topic, deadline));
        }
        return ids;
    }

    /** A registry that is starting or down is waited for; a refusal (401, 403, 409) ends the step. */
    private static int registerWithRetry(SchemaRegistryClient registry, String subject, TopicSpec<?> topic,
                                         long deadline) {
        while (true) {
            try {
                return registry.register(subject, topic.valueSchema());
            } catch (SchemaRegistryException e) {
                if (!e.isRetriable() || System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("Registry not answering yet for {}: {}", subject, e.getMessage());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while registering " + subject, e);
            }
        }
    }
}
