package io.tillstream.local.secure;

import io.tillstream.local.Options;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code ./tillstream secrets}: the keys, certificates and SCRAM passwords of docker-compose.secure.yml. */
public final class SecretsCommand {

    static final String USAGE = """
            usage: ./tillstream secrets [--out DIR] [--mounted-at PATH]
              Writes the secured cluster's secrets (see docker-compose.secure.yml): a key pair for the brokers and
              one for the admin, the truststores, and a SCRAM password per service principal, one folder per
              principal under DIR/kafka (and Connect's under DIR/connect), readable by the owner only. It never
              overwrites: remove DIR/kafka to make new ones (then re-run topics-init, which sets the passwords).
              --out DIR          where to write them (default deploy/secrets, what the compose files mount)
              --mounted-at PATH  where the containers see DIR (default /run/secrets)
            """;

    private final PrintStream out;

    public SecretsCommand(PrintStream out) {
        this.out = out;
    }

    public int run(List<String> args, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Map<String, String> options;
        try {
            options = Options.parse(args, List.of("--out", "--mounted-at"));
        } catch (IllegalArgumentException e) {
            err.println("tillstream secrets: " + e.getMessage() + " (see ./tillstream secrets --help)");
            return 2;
        }
        Path dir = Path.of(options.getOrDefault("--out", "deploy/secrets"));
        if (Files.exists(dir.resolve("kafka"))) {
            err.println("tillstream secrets: " + dir.resolve("kafka") + " exists; remove it to make new secrets");
            return 1;
        }
        KafkaSecrets.writeIfAbsent(dir, options.getOrDefault("--mounted-at", "/run/secrets"));
        out.println("Wrote the secured cluster's secrets in " + dir.resolve("kafka") + " and " + dir.resolve("connect")
                + " (owner-only; keep them out of the repository)");
        return 0;
    }
}
