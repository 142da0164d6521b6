package io.tillstream.centra.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    /** The module's CONFIGURATION.md is the generated reference, not a hand-kept copy that can drift. */
    @Test
    void shouldKeepTheCommittedReferenceEqualToTheConfigDefs() throws Exception {
        Path committed = Path.of("CONFIGURATION.md");
        assertThat(Files.readString(committed))
                .as("CONFIGURATION.md is out of date: regenerate it with "
                        + "./mvnw -pl :centra-sink exec:java -Dexec.mainClass=io.tillstream.centra.reference.ConfigReference"
                        + " -Dexec.args=CONFIGURATION.md (from centra-sink/), or copy target/plugin/.../CONFIGURATION.md")
                .isEqualTo(ConfigReference.markdown());
    }

    @Test
    void shouldDescribeEveryConnectorsOwnKeys() {
        assertThat(ConfigReference.markdown())
                .contains("## `io.tillstream.centra.sink.CentraStockSinkConnector`")
                .contains("## `io.tillstream.centra.source.CentraCatalogSourceConnector`")
                .contains("## `io.tillstream.centra.source.CentraStockSourceConnector`")
                .contains("| `centra.token` | password | required |")
                .contains("| `centra.warehouse.mapping` |");
    }
}
