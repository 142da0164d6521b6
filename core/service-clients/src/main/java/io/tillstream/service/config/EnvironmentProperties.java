package io.tillstream.service.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Client properties passed through environment variables: {@code <PREFIX>SASL_MECHANISM=SCRAM-SHA-512}
 * sets {@code sasl.mechanism}. A variable ending in {@code _FILE} names a file whose content is the value
 * ({@code <PREFIX>SASL_JAAS_CONFIG_FILE=/run/secrets/jaas} sets {@code sasl.jaas.config}), so a secret
 * comes from a mounted file rather than the process environment, and is never printed: {@link #toString()}
 * masks it, as it masks every property the client declares a password.
 *
 * <p>A variable that maps to no known property is an error naming it, rather than a silently ignored typo.
 */
public final class EnvironmentProperties {

    public static final String FILE_SUFFIX = "_FILE";
    static final String HIDDEN = "[hidden]";

    private final Map<String, String> values;
    private final Set<String> secret;

    private EnvironmentProperties(Map<String, String> values, Set<String> secret) {
        this.values = Collections.unmodifiableMap(values);
        this.secret = Set.copyOf(secret);
    }

    /** No properties: plain connections. */
    public static EnvironmentProperties none() {
        return new EnvironmentProperties(Map.of(), Set.of());
    }

    /**
     * @param envPrefix    e.g. {@code TILLSTREAM_KAFKA_}
     * @param propertyName the property a variable's remainder names ({@code SASL_MECHANISM} → {@code sasl.mechanism}
     *                     with {@link #dotted}); null when the variable is not one of ours to map
     * @param known        the property names the client accepts
     * @param isPassword   which of them the client itself treats as a password
     * @param reserved     properties the service sets from its own variables, with the variable to use instead
     * @throws IllegalArgumentException naming the variable: unknown property, reserved one, unreadable file
     */
    public static EnvironmentProperties from(Map<String, String> env, String envPrefix,
                                             Function<String, String> propertyName, Set<String> known,
                                             Predicate<String> isPassword, Map<String, String> reserved) {
        Map<String, String> values = new TreeMap<>();
        Set<String> secret = new HashSet<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String variable = e.getKey();
            if (!variable.startsWith(envPrefix) || variable.length() == envPrefix.length()) {
                continue;
            }
            String rest = variable.substring(envPrefix.length());
            boolean fromFile = rest.endsWith(FILE_SUFFIX);
            String property = propertyName.apply(fromFile ? rest.substring(0, rest.length() - FILE_SUFFIX.length()) : rest);
            if (property == null) {
                continue;
            }
            if (reserved.containsKey(property)) {
                throw new IllegalArgumentException(variable + " would set " + property + ", which comes from "
                        + reserved.get(property) + "; set that instead");
            }
            if (!known.contains(property)) {
                throw new IllegalArgumentException(variable + " maps to the property " + property
                        + ", which the client does not know (a typo?)");
            }
            if (values.containsKey(property)) {
                throw new IllegalArgumentException(variable + " sets " + property + " a second time; set it once,"
                        + " either directly or from a file");
            }
            values.put(property, fromFile ? readSecret(variable, e.getValue()) : e.getValue());
            if (fromFile || isPassword.test(property)) {
                secret.add(property);
            }
        }
        return new EnvironmentProperties(values, secret);
    }

    /** {@code SASL_JAAS_CONFIG} → {@code sasl.jaas.config}: Kafka's and the registry clients' property names. */
    public static String dotted(String upperSnake) {
        return upperSnake.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static String readSecret(String variable, String file) {
        try {
            // A trailing newline is an artefact of `echo > file`, not part of the secret.
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            // The path is not secret; the content is never read into the message.
            throw new IllegalArgumentException(variable + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /** The properties, to put into a client's configuration. Contains secrets: never log this map. */
    public Map<String, String> values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** For logs: every property, secrets as {@value #HIDDEN}. */
    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + (secret.contains(e.getKey()) ? HIDDEN : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
