package io.tillstream.local.access;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.Role;
import io.tillstream.service.access.TokenAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded default's API tokens, one per role ({@code local-finance}, ...), so a newcomer can call
 * every API. Issued once per data directory through {@code access.tokens.v1} like any other token, and
 * kept there owner-only ({@code role-tokens.properties}), so a restart keeps them valid.
 */
public final class RoleTokens {

    private static final String FILE = "role-tokens.properties";

    private RoleTokens() {
    }

    public static String name(Role role) {
        return "local-" + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The tokens kept in {@code dataDir} that are still in force; those never issued are issued now (a
     * stale one of the same name revoked first). One revoked on purpose is not issued again.
     */
    public static Map<Role, String> loadOrIssue(Path dataDir, Map<String, Object> kafka, SchemaRegistryClient registry) {
        Path file = dataDir.resolve(FILE);
        Properties kept = new Properties();
        try {
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    kept.load(in);
                }
            }
            Map<Role, String> tokens = new EnumMap<>(Role.class);
            boolean issued = false;
            try (TokenAdmin admin = new TokenAdmin(kafka, registry, "cli:" + System.getProperty("user.name"),
                    Clock.systemUTC())) {
                for (Role role : Role.values()) {
                    String token = kept.getProperty(role.name());
                    boolean fresh = token == null;
                    if (fresh) {
                        // a data directory whose file was lost, on a topic that still holds the name
                        admin.revokeIfPresent(name(role));
                        token = admin.issue(name(role), role);
                        kept.setProperty(role.name(), token);
                        issued = true;
                    }
                    if (fresh || admin.exists(name(role))) {
                        tokens.put(role, token);
                    } // else revoked with ./tillstream token revoke: it stays revoked, and unlisted
                }
            }
            if (issued) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (var out = Files.newOutputStream(file)) {
                    kept.store(out, "API tokens of the embedded default, one per role; revoke with ./tillstream token revoke");
                }
            }
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the role tokens in " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while issuing the role tokens", e);
        }
    }
}
