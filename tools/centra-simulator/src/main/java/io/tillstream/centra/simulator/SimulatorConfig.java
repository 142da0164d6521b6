package io.tillstream.centra.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How to start a {@link CentraSimulator}. Start from {@link #defaults()} and change what you need:
 * {@code SimulatorConfig.defaults().withPort(0).withApiTokens(Set.of(token))}.
 *
 * @param host         interface to bind; loopback by default, as the simulator has no TLS
 * @param port         port to bind; 0 picks a free one
 * @param apiTokens    Integration API tokens accepted on /graphql; at least one is needed to start
 * @param tier         Centra rate-limit tier
 * @param snapshotFile state loaded on start if present and saved on close; null keeps state in memory only
 * @param clock        time source for rate limits, fault durations and timestamps; fixed in tests
 * @param faultSeed    seed of the random source behind fault probabilities
 * @param timeoutHold  how long a TIMEOUT-faulted request is held open before its connection is dropped
 */
public record SimulatorConfig(String host, int port, Set<String> apiTokens, RateLimitTier tier, Path snapshotFile,
                              Clock clock, long faultSeed, Duration timeoutHold) {

    public static final int DEFAULT_PORT = 8090;

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(timeoutHold, "timeoutHold");
        apiTokens = Set.copyOf(apiTokens);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", DEFAULT_PORT, Set.of(), RateLimitTier.GROWTH, null,
                Clock.systemUTC(), 42L, Duration.ofSeconds(60));
    }

    /** The address to bind: 127.0.0.1 by default; 0.0.0.0 in a container. */
    public SimulatorConfig withHost(final String newHost) {
        return new SimulatorConfig(newHost, port, apiTokens, tier, snapshotFile, clock, faultSeed, timeoutHold);
    }

    public SimulatorConfig withPort(final int newPort) {
        return new SimulatorConfig(host, newPort, apiTokens, tier, snapshotFile, clock, faultSeed, timeoutHold);
    }

    public SimulatorConfig withApiTokens(final Set<String> tokens) {
        return new SimulatorConfig(host, port, tokens, tier, snapshotFile, clock, faultSeed, timeoutHold);
    }

    public SimulatorConfig withTier(final RateLimitTier newTier) {
        return new SimulatorConfig(host, port, apiTokens, newTier, snapshotFile, clock, faultSeed, timeoutHold);
    }

    public SimulatorConfig withSnapshotFile(final Path file) {
        return new SimulatorConfig(host, port, apiTokens, tier, file, clock, faultSeed, timeoutHold);
    }

    public SimulatorConfig withClock(final Clock newClock) {
        return new SimulatorConfig(host, port, apiTokens, tier, snapshotFile, newClock, faultSeed, timeoutHold);
    }

    public SimulatorConfig withFaultSeed(final long seed) {
        return new SimulatorConfig(host, port, apiTokens, tier, snapshotFile, clock, seed, timeoutHold);
    }

    public SimulatorConfig withTimeoutHold(final Duration hold) {
        return new SimulatorConfig(host, port, apiTokens, tier, snapshotFile, clock, faultSeed, hold);
    }

    /**
     * Reads {@code --port N --token T (repeatable) --token-file F --tier NAME --snapshot FILE}.
     *
     * @throws IllegalArgumentException for an unknown or incomplete option
     */
    public static SimulatorConfig fromArgs(final String... args) {
        SimulatorConfig config = defaults();
        final Set<String> tokens = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            final String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            final String value = args[++i];
            switch (option) {
                case "--host" -> config = config.withHost(value);
                case "--port" -> config = config.withPort(Integer.parseInt(value));
                case "--token" -> tokens.add(value);
                case "--token-file" -> tokens.add(readToken(Path.of(value)));
                case "--tier" -> config = config.withTier(RateLimitTier.valueOf(value.toUpperCase(Locale.ROOT)));
                case "--snapshot" -> config = config.withSnapshotFile(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return config.withApiTokens(tokens);
    }

    private static String readToken(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
    }

    /** Tokens are secrets: never print them. */
    @Override
    public String toString() {
        return "SimulatorConfig[host=" + host + ", port=" + port + ", apiTokens=" + apiTokens.size()
                + " token(s), tier=" + tier + ", snapshotFile=" + snapshotFile + ", timeoutHold=" + timeoutHold + "]";
    }
}
