package io.tillstream.local.cli;

import io.tillstream.local.RunCommand;
import io.tillstream.local.access.TokenCommand;
import io.tillstream.local.audit.AuditCommand;
import io.tillstream.local.chaos.ChaosCommand;
import io.tillstream.local.cluster.ClusterCommand;
import io.tillstream.local.redrive.RedriveCommand;
import io.tillstream.local.replay.ReplayCommand;
import io.tillstream.local.secure.SecretsCommand;
import io.tillstream.local.stores.StoreCommand;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./tillstream}: every command of the launcher, on picocli. Help goes to stdout with status 0;
 * a bad option or value is one line on stderr naming it, with status 2; a command's own failure is
 * its status (1), said in its own words.
 */
@Command(name = "tillstream", mixinStandardHelpOptions = true, versionProvider = TillstreamCli.Version.class,
        description = "Tillstream: store tills to Centra over Kafka, on this machine or a real cluster.",
        subcommands = {RunCommand.class, ClusterCommand.class, ChaosCommand.class, ReplayCommand.class,
            AuditCommand.class, RedriveCommand.class, TokenCommand.class, StoreCommand.class, SecretsCommand.class,
            CommandLine.HelpCommand.class})
public final class TillstreamCli implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a command: what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** @return the exit status */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new TillstreamCli(), new Streams(out, err));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, arguments) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(command + ": " + oneLine(e.getMessage()) + " (see ./" + command
                    + " --help)");
            return 2;
        });
        return cli.execute(args);
    }

    /**
     * Makes each command with the streams it prints to (so that tests read what a user would see):
     * a constructor taking (out, err, clock), (out, err) or (out), else the command's own.
     */
    private record Streams(PrintStream out, PrintStream err) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Object[] args : List.of(new Object[] {out, err, Clock.systemUTC()}, new Object[] {out, err},
                    new Object[] {out})) {
                Class<?>[] types = Arrays.stream(args).map(a -> a instanceof Clock ? Clock.class : PrintStream.class)
                        .toArray(Class<?>[]::new);
                try {
                    Constructor<K> constructor = type.getDeclaredConstructor(types);
                    constructor.setAccessible(true);
                    return constructor.newInstance(args);
                } catch (NoSuchMethodException e) {
                    // try the next shape
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** The launcher jar's version (Implementation-Version of its manifest). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TillstreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"tillstream " + (version == null ? "(built from source, no jar)" : version)};
        }
    }
}
