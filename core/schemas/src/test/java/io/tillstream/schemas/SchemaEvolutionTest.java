package io.tillstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Guards the event log: consumers upgraded to the current schemas must still read everything
 * written with the last released ones (BACKWARD, as a Confluent registry would enforce).
 * When a schema changes in a release, copy the released .avsc files to a new folder under
 * src/test/resources/released and point {@link #RELEASED} at it.
 */
class SchemaEvolutionTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("src/test/resources/released/0.1.0");

    /**
     * Schemas added since {@link #RELEASED}: nothing was ever written with them, so there is nothing
     * for them to be compatible with yet. Empty this set when they are released.
     */
    private static final Set<String> UNRELEASED = Set.of("StockPolicy.avsc", "LedgerNotice.avsc", "StockCorrection.avsc",
            "AccessToken.avsc", "AuditEntry.avsc", "ExceptionAcknowledgement.avsc", "TillHeartbeat.avsc", "Store.avsc");

    @Test
    void shouldKeepEveryCurrentSchemaBackwardCompatibleWithItsReleasedVersion() throws IOException {
        List<Path> current = avscFiles(CURRENT);
        assertThat(current).hasSize(20);
        for (Path file : current) {
            Path released = RELEASED.resolve(file.getFileName());
            if (UNRELEASED.contains(file.getFileName().toString())) {
                continue; // checked by shouldHaveNoReleasedCopyOfABrandNewSchema
            }
            assertThat(released).as("released copy of %s", file.getFileName()).exists();
            Schema reader = parse(file);
            Schema writer = parse(released);
            var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            assertThat(result.getType())
                    .as("%s must read data written with its released version: %s", file.getFileName(),
                            result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void shouldHaveNoReleasedCopyOfABrandNewSchema() {
        for (String name : UNRELEASED) {
            assertThat(CURRENT.resolve(name)).as("%s is a current schema", name).exists();
            assertThat(RELEASED.resolve(name))
                    .as("%s was released: remove it from UNRELEASED so its compatibility is checked", name)
                    .doesNotExist();
        }
    }

    @Test
    void shouldDetectAFieldAddedWithoutDefault() throws IOException {
        Schema released = parse(RELEASED.resolve("StockChange.avsc"));
        Schema broken = new Schema.Parser().parse(released.toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"newField\",\"type\":\"string\"},"));
        var result = SchemaCompatibility.checkReaderWriterCompatibility(broken, released);
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void shouldCompileTheSameSchemasThatAreCheckedHere() throws IOException {
        // The generated classes add "avro.java.string" properties; the parsing form ignores them.
        assertThat(fingerprint(parse(CURRENT.resolve("PosTransaction.avsc"))))
                .isEqualTo(fingerprint(PosTransaction.getClassSchema()));
        assertThat(fingerprint(parse(CURRENT.resolve("StockChange.avsc"))))
                .isEqualTo(fingerprint(StockChange.getClassSchema()));
    }

    private static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static List<Path> avscFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
        }
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }
}
