package io.tillstream.service.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Static group membership (KIP-345) for a Streams service, keyed by its state directory.
 *
 * <p>A dynamic member that dies without leaving (SIGKILL, OOM, power) stays in the group until its
 * session times out, and the instance restarted in its place cannot get any task before that: the
 * coordinator first waits for the dead member to rejoin, then drops it. After a SIGKILL of
 * {@code ./tillstream run} that was 3 to 7 s of every restart (up to the 10 s session timeout; the
 * whole session timeout when only the projector's JVM died, as in ProjectorCrashIT), answered with
 * 503 by the stock API. A static member is recognised when it comes back: the restarted instance
 * takes over its own place in the group at once.
 *
 * <p>The id must be the same across restarts of one instance and differ between instances (two
 * members with one id fence each other). The state directory is exactly that: it survives restarts
 * (that is its purpose) and Kafka Streams refuses to run two instances on one. So the id is a UUID
 * kept in a file beside the application's state; a new or wiped state directory is a new instance,
 * and its predecessor's member times out as a dynamic one would.
 */
public final class StaticMembership {

    private static final String FILE_SUFFIX = ".group-instance-id";

    private StaticMembership() {
    }

    /** Sets the main consumers' {@code group.instance.id} (Kafka Streams appends each thread's index). */
    public static Properties configure(Properties streamsProperties, StreamsSettings settings) {
        streamsProperties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                instanceId(settings.stateDir(), settings.applicationId()));
        return streamsProperties;
    }

    /** This state directory's id for the application, created on first use. */
    static String instanceId(Path stateDir, String applicationId) {
        Path file = stateDir.resolve(applicationId + FILE_SUFFIX);
        try {
            Files.createDirectories(stateDir);
            try {
                Files.writeString(Files.createFile(file), applicationId + "-" + UUID.randomUUID(),
                        StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException kept) {
                // an earlier start of this instance chose it
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (id.isEmpty()) {
                // A crash between creating and writing the file: choose again, nobody used the empty one.
                id = applicationId + "-" + UUID.randomUUID();
                Files.writeString(file, id, StandardCharsets.UTF_8);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the group instance id in " + file, e);
        }
    }
}
