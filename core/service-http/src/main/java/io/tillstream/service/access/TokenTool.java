package io.tillstream.service.access;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.schemas.Role;
import io.tillstream.service.config.KafkaClientEnvironment;
import io.tillstream.service.config.RegistryClientEnvironment;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code add --role ROLE --name NAME} and {@code revoke --name NAME}: what {@code ./tillstream token}
 * and the deployment's {@code tokens} tool (docker-compose.yml, profile tools) both do once they know
 * where Kafka and the registry are. In a container, they come from {@code TILLSTREAM_BOOTSTRAP_SERVERS},
 * {@code TILLSTREAM_SCHEMA_REGISTRY_URL} and the {@code TILLSTREAM_KAFKA_*} / {@code
 * TILLSTREAM_SCHEMA_REGISTRY_*} client settings, as for every service.
 */
public final class TokenTool {

    public static final String ACTIONS = """
              add      issues a token and prints it alone on the last line, once: only its hash is kept
              revoke   every service refuses the token within a second
              --role ROLE   RETAIL_OPS, ECOMMERCE, FINANCE, INTEGRATION (the owner teams) or STOCK_READER
                            (systems that only read /v1/stock)
              --name NAME   who holds it: a person or a system, 1-64 of letters, digits and ._@-
            Rotation: add a second token under a new name, move the holder to it, revoke the old one.
            Each issue and revocation is in the audit trail (audit.v1) with the user who ran it.
            Exit status: 0 done, 1 Kafka could not be reached, 2 a bad option or value.
            """;

    private TokenTool() {
    }

    /** The action and its options, checked before anything is connected. */
    public record Request(String action, String name, Role role) {

        /** @throws IllegalArgumentException naming what is wrong */
        public static Request parse(List<String> args) {
            if (args.isEmpty() || !List.of("add", "revoke").contains(args.get(0))) {
                throw new IllegalArgumentException(args.isEmpty() ? "add or revoke?"
                        : "unknown action " + args.get(0) + "; use add or revoke");
            }
            String action = args.get(0);
            Map<String, String> options = new HashMap<>();
            for (int i = 1; i < args.size(); i += 2) {
                String option = args.get(i);
                if (!(option.equals("--name") || option.equals("--role") && action.equals("add"))) {
                    throw new IllegalArgumentException("unknown option " + option);
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                options.put(option, args.get(i + 1));
            }
            if (!options.containsKey("--name")) {
                throw new IllegalArgumentException("--name is required");
            }
            return new Request(action, options.get("--name"), action.equals("add") ? role(options.get("--role")) : null);
        }

        private static Role role(String value) {
            if (value == null) {
                throw new IllegalArgumentException("--role is required: one of " + Arrays.toString(Role.values()));
            }
            try {
                return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--role must be one of " + Arrays.toString(Role.values())
                        + ", not " + value);
            }
        }

        /**
         * Issues or revokes, printing the outcome (the new token alone on the last line).
         *
         * @throws IllegalArgumentException when the name is malformed, taken (add) or unknown (revoke)
         */
        public void execute(TokenAdmin admin, PrintStream out) throws InterruptedException {
            if (action.equals("add")) {
                String token = admin.issue(name, role);
                out.println("Issued a " + role + " token to " + name + ". It is shown once; keep it in a password manager:");
                out.println(token);
            } else {
                admin.revoke(name);
                out.println("Revoked the token of " + name + "; every service refuses it within a second.");
            }
        }
    }

    /** In a container: {@code TokenTool add --role ROLE --name NAME | revoke --name NAME}. */
    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print("usage: tokens add --role ROLE --name NAME | revoke --name NAME\n" + ACTIONS);
            System.exit(0);
        }
        Request request;
        Map<String, String> env = System.getenv();
        try {
            request = Request.parse(List.of(args));
            if (env.get("TILLSTREAM_BOOTSTRAP_SERVERS") == null || env.get("TILLSTREAM_SCHEMA_REGISTRY_URL") == null) {
                throw new IllegalArgumentException("set TILLSTREAM_BOOTSTRAP_SERVERS and TILLSTREAM_SCHEMA_REGISTRY_URL");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("tokens: " + e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, Object> kafka = new HashMap<>(KafkaClientEnvironment.from(env, "TILLSTREAM_BOOTSTRAP_SERVERS").values());
        kafka.put("bootstrap.servers", env.get("TILLSTREAM_BOOTSTRAP_SERVERS"));
        Map<String, Object> registry = new HashMap<>(RegistryClientEnvironment.from(env).values());
        registry.put(SchemaRegistryClientConfig.URL_CONFIG, env.get("TILLSTREAM_SCHEMA_REGISTRY_URL"));
        try (TokenAdmin admin = new TokenAdmin(kafka, new SchemaRegistryClient(registry),
                "cli:" + System.getProperty("user.name"), Clock.systemUTC())) {
            request.execute(admin, System.out);
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("tokens: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException | RuntimeException e) {
            System.err.println("tokens: " + e.getMessage());
            System.exit(1);
        }
    }
}
