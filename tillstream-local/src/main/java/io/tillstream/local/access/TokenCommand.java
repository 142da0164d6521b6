package io.tillstream.local.access;

import io.tillstream.local.RunningPipeline;
import io.tillstream.local.cli.Checks;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Role;
import io.tillstream.service.access.TokenAdmin;
import io.tillstream.service.access.TokenTool;
import io.tillstream.service.config.KafkaClientEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tillstream token add|revoke}: API tokens for people and systems, on {@code access.tokens.v1}
 * of the running pipeline (found through {@code endpoints.json}) or of the cluster given. Every
 * service reads that topic live: a token works, or stops working, within a second, with no restart.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "API tokens for people and systems: each service reads them live, so a token works or stops"
                + " working within a second, with no restart.",
        subcommands = {TokenCommand.Add.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw Checks.refuse(spec, "add or revoke?");
    }

    /** Where the tokens are kept. */
    static final class Where {

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the running pipeline's data directory"
                + " (default: ${DEFAULT-VALUE})")
        Path dataDir = Path.of(".tillstream");

        @Option(names = "--bootstrap-servers", paramLabel = "H:P", description = "instead: this Kafka cluster ...")
        String bootstrapServers;

        @Option(names = "--schema-registry-url", paramLabel = "URL",
                description = "... and this registry (the TILLSTREAM_KAFKA_* settings apply)")
        String registryUrl;

        TokenAdmin admin(CommandSpec spec, String actor) throws IOException {
            if (bootstrapServers != null && registryUrl != null) {
                // a secured cluster's client settings come from TILLSTREAM_KAFKA_*, as for every service
                Map<String, Object> kafka = new HashMap<>(KafkaClientEnvironment.from(System.getenv(),
                        "TILLSTREAM_BOOTSTRAP_SERVERS").values());
                kafka.put("bootstrap.servers", bootstrapServers);
                return new TokenAdmin(kafka, new SchemaRegistryClient(registryUrl), actor, Clock.systemUTC());
            }
            if (bootstrapServers != null || registryUrl != null) {
                throw Checks.refuse(spec, "--bootstrap-servers and --schema-registry-url go together");
            }
            Path endpoints = dataDir.resolve("endpoints.json");
            if (!Files.exists(endpoints)) {
                throw Checks.refuse(spec, "no " + endpoints + "; start ./tillstream run first, or give --data-dir, or"
                        + " --bootstrap-servers and --schema-registry-url");
            }
            RunningPipeline pipeline = RunningPipeline.read(endpoints);
            return new TokenAdmin(pipeline.kafka(), pipeline.registry(), actor, Clock.systemUTC());
        }
    }

    /** One action on the token topic, as the compose file's tokens tool does it. */
    private abstract static class Action implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Where where;

        private final PrintStream out;
        private final PrintStream err;

        Action(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        abstract TokenTool.Request request();

        @Override
        public Integer call() {
            TokenAdmin connected;
            try {
                connected = where.admin(spec, "cli:" + System.getProperty("user.name"));
            } catch (IOException e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 1;
            }
            try (TokenAdmin admin = connected) {
                request().execute(admin, out);
                return 0;
            } catch (IllegalArgumentException e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage()); // a name taken, or none to revoke
                return 2;
            } catch (RuntimeException e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Issues a token for a person or system; the token alone is the last line, shown once. A name"
                    + " already taken is refused (revoke it first): rotation is a new name, then revoke the old.")
    static final class Add extends Action {

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "one of: ${COMPLETION-CANDIDATES}")
        Role role;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "who or what holds it (alice, webshop)")
        String name;

        public Add(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Override
        TokenTool.Request request() {
            return new TokenTool.Request("add", name, role);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Revokes a token by name: every service refuses it within a second.")
    static final class Revoke extends Action {

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the token's name")
        String name;

        public Revoke(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Override
        TokenTool.Request request() {
            return new TokenTool.Request("revoke", name, null);
        }
    }
}
