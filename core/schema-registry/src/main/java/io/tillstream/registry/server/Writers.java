package io.tillstream.registry.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who may register schemas, one per line: {@code user:password} for every subject (the deploy step,
 * an operator), or {@code user:password prefix…} for the subjects starting with one of the prefixes
 * (a Kafka Streams service and the changelog and repartition subjects of its own application id). Lines
 * starting with {@code #} are comments. As Kafka's prefixed ACLs, so that no service can put a new
 * schema on a topic that others read.
 */
final class Writers {

    /** One credential: its HTTP basic-auth header, and the subject prefixes it may write (empty: all). */
    private record Writer(String user, byte[] authorization, List<String> prefixes) {

        boolean mayWrite(String subject) {
            return prefixes.isEmpty() || prefixes.stream().anyMatch(subject::startsWith);
        }
    }

    private final List<Writer> writers;

    private Writers(List<Writer> writers) {
        this.writers = writers;
    }

    static Writers parse(String text) {
        List<Writer> writers = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\\R")) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            int colon = parts[0].indexOf(':');
            if (colon <= 0 || colon == parts[0].length() - 1) {
                // the line is not repeated: it would hold a password
                throw new IllegalArgumentException("Line " + number + " of the registry writers is not user:password"
                        + " [subject-prefix ...]");
            }
            byte[] authorization = ("Basic " + Base64.getEncoder().encodeToString(parts[0]
                    .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
            writers.add(new Writer(parts[0].substring(0, colon), authorization,
                    List.of(parts).subList(1, parts.length)));
        }
        if (writers.isEmpty()) {
            throw new IllegalArgumentException("The registry writers name no one: nobody could register a schema");
        }
        return new Writers(writers);
    }

    /** The user whose credentials these are, if any: compared in constant time against each writer. */
    Optional<String> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        byte[] sent = authorization.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Writer writer : writers) {
            if (MessageDigest.isEqual(writer.authorization(), sent)) {
                found = writer.user();
            }
        }
        return Optional.ofNullable(found);
    }

    boolean mayWrite(String user, String subject) {
        return writers.stream().anyMatch(w -> w.user().equals(user) && w.mayWrite(subject));
    }
}
