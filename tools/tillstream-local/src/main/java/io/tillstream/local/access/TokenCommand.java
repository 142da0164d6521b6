package io.tillstream.local.access;

import io.tillstream.local.cli.Checks;
import io.tillstream.local.cli.PipelineOptions;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Role;
import io.tillstream.service.access.TokenAdmin;
import io.tillstream.service.access.TokenTool;
import java.io.PrintStream;
import java.time.Clock;
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

    /** One action on the token topic, as the compose file's tokens tool does it. */
    private abstract static class Action implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        PipelineOptions where;

        private final PrintStream out;
        private final PrintStream err;

        Action(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        abstract TokenTool.Request request();

        @Override
        public Integer call() {
            PipelineOptions.Pipeline pipeline = where.pipeline();
            try (TokenAdmin admin = new TokenAdmin(pipeline.kafka(), new SchemaRegistryClient(pipeline.registryUrl()),
                    "cli:" + System.getProperty("user.name"), Clock.systemUTC())) {
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
