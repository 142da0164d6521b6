package io.tillstream.local.secure;

import io.tillstream.local.cli.Checks;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tillstream secrets}: the keys, certificates and SCRAM passwords of docker-compose.secure.yml. */
@Command(name = "secrets", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the secured cluster's secrets (see docker-compose.secure.yml): a key pair for the"
                + " brokers and one for the admin, the truststores, a SCRAM password per service principal and the"
                + " schema registry's writers, one folder per principal under DIR/kafka (and Connect's under"
                + " DIR/connect), readable by the owner only.",
            "It never overwrites: remove DIR/kafka to make new ones (then run topics-init again, which sets the"
                + " passwords)."})
public final class SecretsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write them (default: ${DEFAULT-VALUE}, what"
            + " the compose files mount)")
    Path dir = Path.of("deploy/secrets");

    @Option(names = "--mounted-at", paramLabel = "PATH", description = "where the containers see DIR (default: ${DEFAULT-VALUE})")
    String mountedAt = "/run/secrets";

    private final PrintStream out;


    public SecretsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (Files.exists(dir.resolve("kafka"))) {
            throw Checks.refuse(spec, dir.resolve("kafka") + " exists; remove it to make new secrets");
        }
        KafkaSecrets.writeIfAbsent(dir, mountedAt);
        out.println("Wrote the secured cluster's secrets in " + dir.resolve("kafka") + " and " + dir.resolve("connect")
                + " (owner-only; keep them out of the repository)");
        return 0;
    }
}
