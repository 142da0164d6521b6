package io.tillstream.local.access;

import io.tillstream.local.Options;
import io.tillstream.local.RunningPipeline;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Role;
import io.tillstream.service.access.TokenAdmin;
import io.tillstream.service.config.KafkaClientEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tillstream token add|revoke}: API tokens for people and systems, on {@code access.tokens.v1}
 * of the running pipeline (found through {@code endpoints.json}) or of the cluster given. Every
 * service reads that topic live: a token works, or stops working, within a second, with no restart.
 */
public final class TokenCommand {

    static final String USAGE = """
            usage: ./tillstream token add --role ROLE --name NAME [--data-dir DIR]
                   ./tillstream token revoke --name NAME [--data-dir DIR]
              add      issues a token and prints it alone on the last line, once: only its hash is kept
              revoke   every service refuses the token within a second
              --role ROLE   RETAIL_OPS, ECOMMERCE, FINANCE, INTEGRATION (the owner teams) or STOCK_READER
                            (systems that only read /v1/stock)
              --name NAME   who holds it: a person or a system, 1-64 of letters, digits and ._@-
              --data-dir DIR                  the running pipeline's data directory (default ./.tillstream)
              --bootstrap-servers H:P         instead: this Kafka cluster ...
              --schema-registry-url URL       ... and this registry (the TILLSTREAM_KAFKA_* settings apply)
            Rotation: add a second token under a new name, move the holder to it, revoke the old one.
            Each issue and revocation is in the audit trail (audit.v1) with the OS user who ran it.
            Exit status: 0 done, 1 Kafka could not be reached, 2 a bad option or value.
            """;

    private final PrintStream out;
    private final PrintStream err;

    public TokenCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @return the exit status */
    public int run(List<String> args) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String action = args.get(0);
        Map<String, String> options;
        Role role = null;
        try {
            if (!action.equals("add") && !action.equals("revoke")) {
                throw new IllegalArgumentException("unknown action " + action + "; use add or revoke");
            }
            options = Options.parse(args.subList(1, args.size()), action.equals("add")
                    ? List.of("--role", "--name", "--data-dir", "--bootstrap-servers", "--schema-registry-url")
                    : List.of("--name", "--data-dir", "--bootstrap-servers", "--schema-registry-url"));
            if (!options.containsKey("--name")) {
                throw new IllegalArgumentException("--name is required");
            }
            if (action.equals("add")) {
                role = role(options.get("--role"));
            }
        } catch (IllegalArgumentException e) {
            err.println("tillstream token: " + e.getMessage() + " (see ./tillstream token --help)");
            return 2;
        }
        String actor = "cli:" + System.getProperty("user.name");
        try (TokenAdmin admin = admin(options, actor)) {
            String name = options.get("--name");
            if (role != null) {
                String token = admin.issue(name, role);
                out.println("Issued a " + role + " token to " + name + ". It is shown once; keep it in a password manager:");
                out.println(token);
            } else {
                admin.revoke(name);
                out.println("Revoked the token of " + name + "; every service refuses it within a second.");
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("tillstream token: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("tillstream token: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private TokenAdmin admin(Map<String, String> options, String actor) throws IOException {
        String bootstrap = options.get("--bootstrap-servers");
        String registry = options.get("--schema-registry-url");
        if (bootstrap != null && registry != null) {
            return new TokenAdmin(withBootstrap(bootstrap), new SchemaRegistryClient(registry), actor, Clock.systemUTC());
        }
        if (bootstrap != null || registry != null) {
            throw new IllegalArgumentException("--bootstrap-servers and --schema-registry-url go together");
        }
        Path endpoints = Path.of(options.getOrDefault("--data-dir", ".tillstream")).resolve("endpoints.json");
        if (!Files.exists(endpoints)) {
            throw new IllegalArgumentException("no " + endpoints + "; start ./tillstream run first, or give --data-dir, "
                    + "or --bootstrap-servers and --schema-registry-url");
        }
        RunningPipeline pipeline = RunningPipeline.read(endpoints);
        return new TokenAdmin(pipeline.kafka(), pipeline.registry(), actor, Clock.systemUTC());
    }

    /** A secured cluster's client settings come from TILLSTREAM_KAFKA_*, as for every service. */
    private static Map<String, Object> withBootstrap(String bootstrap) {
        Map<String, Object> kafka = new HashMap<>(KafkaClientEnvironment.from(System.getenv(),
                "TILLSTREAM_BOOTSTRAP_SERVERS").values());
        kafka.put("bootstrap.servers", bootstrap);
        return kafka;
    }

    private static Role role(String value) {
        if (value == null) {
            throw new IllegalArgumentException("--role is required: one of " + Arrays.toString(Role.values()));
        }
        try {
            return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--role must be one of " + Arrays.toString(Role.values()) + ", not " + value);
        }
    }
}
