package io.tillstream.centra.simulator.snapshot;

import io.tillstream.centra.simulator.http.Json;
import io.tillstream.centra.simulator.model.StateSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves and loads the simulator state as one JSON file. A save writes a temporary file beside
 * the target and moves it into place, so a crash mid-save leaves the previous snapshot intact.
 */
public final class SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

    private final Path file;

    public SnapshotStore(final Path file) {
        this.file = file;
    }

    /** The saved state, or empty when there is no snapshot yet. */
    public Optional<StateSnapshot> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            final StateSnapshot snapshot = Json.MAPPER.readValue(file.toFile(), StateSnapshot.class);
            if (snapshot.formatVersion() != StateSnapshot.FORMAT_VERSION) {
                throw new IllegalStateException("snapshot " + file + " has format " + snapshot.formatVersion()
                        + ", this simulator reads " + StateSnapshot.FORMAT_VERSION);
            }
            log.info("Loaded snapshot {} ({} sizes, {} stock changes)", file, snapshot.sizes().size(),
                    snapshot.stockChanges().size());
            return Optional.of(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read snapshot " + file, e);
        }
    }

    public void save(final StateSnapshot snapshot) {
        try {
            final Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            final Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Json.MAPPER.writeValue(tmp.toFile(), snapshot);
                move(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
            log.info("Saved snapshot {}", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + file, e);
        }
    }

    private void move(final Path tmp) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            log.warn("Atomic move not supported for {}; replacing it non-atomically", file);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
