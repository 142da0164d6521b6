package io.tillstream.centra.simulator.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillstream.centra.simulator.http.Json;
import io.tillstream.centra.simulator.model.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write-ahead journal beside the snapshot: every change to the tenant is appended (one JSON line)
 * and forced to disk before it is applied and answered. A real Centra never forgets a mutation it
 * acknowledged; without this, a simulator killed between two snapshots forgot every write since
 * the last clean stop, while the sink's receipts said Centra had them.
 *
 * <p>At start the entries after the snapshot's sequence are replayed in order, at the instants
 * they were first applied, a snapshot holding them is saved (with the last sequence it holds) and
 * the journal starts empty; a clean stop saves the snapshot and removes the journal. In between it
 * grows with every change (a line each). A last line torn by a crash mid-write was never applied
 * (nor answered) and is dropped.
 */
public final class Journal implements Simulation.ChangeLog, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    /** One change: its place in the journal, when it was applied, what kind and its input. */
    public record Entry(long sequence, Instant at, Simulation.Change change, JsonNode input) {
    }

    private final Path file;
    private FileChannel channel;
    private long sequence;

    public Journal(final Path file) {
        this.file = file;
    }

    /** The entries after {@code sequence} (those the snapshot does not hold yet), in order. */
    public List<Entry> after(final long snapshotSequence) {
        final List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            try {
                final Entry entry = Json.MAPPER.readValue(lines.get(i), Entry.class);
                if (entry.sequence() > snapshotSequence) {
                    entries.add(entry);
                }
            } catch (JsonProcessingException e) {
                if (i < lines.size() - 1) {
                    throw new IllegalStateException("journal " + file + " line " + (i + 1) + " is unreadable", e);
                }
                log.warn("Dropping the torn last line of {} (a crash while it was written: never applied)", file);
            }
        }
        return entries;
    }

    /** Starts appending after {@code lastSequence}, to an empty journal (its entries are in the snapshot now). */
    public void start(final long lastSequence) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
        sequence = lastSequence;
    }

    /** The sequence of the last change appended (or replayed). */
    public long sequence() {
        return sequence;
    }

    /** Called under the simulation's lock, before the change is applied; returns once it is on disk. */
    @Override
    public void append(final Instant at, final Simulation.Change change, final Object input) {
        final Entry entry = new Entry(sequence + 1, at, change, Json.MAPPER.valueToTree(input));
        try {
            final byte[] line = (Json.MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            final ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            // Not applied and not answered as applied: the request fails with a 500.
            throw new UncheckedIOException("cannot append to journal " + file, e);
        }
        sequence = entry.sequence();
    }

    /** Closes and removes the journal (after a clean stop saved everything in the snapshot). */
    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close journal " + file, e);
        }
    }
}
