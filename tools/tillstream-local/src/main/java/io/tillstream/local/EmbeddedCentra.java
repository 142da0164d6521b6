package io.tillstream.local;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The Centra tenant the pipeline talks to: the simulator (embedded default, its state snapshotted
 * in the data directory) or a real tenant given by URL and a token file.
 */
public final class EmbeddedCentra implements AutoCloseable {

    private final String url;
    private final String token;
    private final CentraSimulator simulator;

    private EmbeddedCentra(String url, String token, CentraSimulator simulator) {
        this.url = url;
        this.token = token;
        this.simulator = simulator;
    }

    static EmbeddedCentra start(Path dataDir, int port, String catalogJson) {
        String token = tokenOf(dataDir.resolve("centra-token"));
        CentraSimulator simulator = CentraSimulator.start(SimulatorConfig.defaults()
                .withPort(port)
                .withApiTokens(Set.of(token))
                .withSnapshotFile(dataDir.resolve("centra-simulator.json")));
        simulator.applyCatalog(catalogJson);
        return new EmbeddedCentra(simulator.url().toString(), token, simulator);
    }

    static EmbeddedCentra external(String url, Path tokenFile) {
        try {
            return new EmbeddedCentra(url.replaceAll("/+$", ""), Files.readString(tokenFile).trim(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Centra token file " + tokenFile, e);
        }
    }

    /** The simulator's token: generated once per data directory, kept owner-only beside the data. */
    public static String tokenOf(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String token = "centra_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the Centra token in " + file, e);
        }
    }

    public String url() {
        return url;
    }

    String token() {
        return token;
    }

    /** The simulator, when Centra is simulated. */
    public Optional<CentraSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
