package io.tillstream.local.access;

import io.tillstream.local.RunningPipeline;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.service.access.TokenAdmin;
import io.tillstream.service.access.TokenTool;
import io.tillstream.service.config.KafkaClientEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
              --data-dir DIR                  the running pipeline's data directory (default ./.tillstream)
              --bootstrap-servers H:P         instead: this Kafka cluster ...
              --schema-registry-url URL       ... and this registry (the TILLSTREAM_KAFKA_* settings apply)
            """ + TokenTool.ACTIONS;
    private static final List<String> WHERE = List.of("--data-dir", "--bootstrap-servers", "--schema-registry-url");

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
        Map<String, String> where = new HashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (WHERE.contains(args.get(i)) && i + 1 < args.size()) {
                where.put(args.get(i), args.get(++i));
            } else {
                rest.add(args.get(i));
            }
        }
        TokenTool.Request request;
        try {
            request = TokenTool.Request.parse(rest);
        } catch (IllegalArgumentException e) {
            err.println("tillstream token: " + e.getMessage() + " (see ./tillstream token --help)");
            return 2;
        }
        try (TokenAdmin admin = admin(where, "cli:" + System.getProperty("user.name"))) {
            request.execute(admin, out);
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

    private TokenAdmin admin(Map<String, String> where, String actor) throws IOException {
        String bootstrap = where.get("--bootstrap-servers");
        String registry = where.get("--schema-registry-url");
        if (bootstrap != null && registry != null) {
            // a secured cluster's client settings come from TILLSTREAM_KAFKA_*, as for every service
            Map<String, Object> kafka = new HashMap<>(KafkaClientEnvironment.from(System.getenv(),
                    "TILLSTREAM_BOOTSTRAP_SERVERS").values());
            kafka.put("bootstrap.servers", bootstrap);
            return new TokenAdmin(kafka, new SchemaRegistryClient(registry), actor, Clock.systemUTC());
        }
        if (bootstrap != null || registry != null) {
            throw new IllegalArgumentException("--bootstrap-servers and --schema-registry-url go together");
        }
        Path endpoints = Path.of(where.getOrDefault("--data-dir", ".tillstream")).resolve("endpoints.json");
        if (!Files.exists(endpoints)) {
            throw new IllegalArgumentException("no " + endpoints + "; start ./tillstream run first, or give --data-dir, "
                    + "or --bootstrap-servers and --schema-registry-url");
        }
        RunningPipeline pipeline = RunningPipeline.read(endpoints);
        return new TokenAdmin(pipeline.kafka(), pipeline.registry(), actor, Clock.systemUTC());
    }
}
