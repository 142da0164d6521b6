package io.tillstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void shouldDefaultToTheEmbeddedPipelineOnTheContractsPorts() {
        LocalSettings s = Main.parse(List.of());
        assertThat(s.dataDir()).isEqualTo(Path.of(".tillstream"));
        assertThat(s.ports()).isEqualTo(new LocalSettings.Ports(9092, 8080, 8081, 8082, 8083, 8085, 8090));
        assertThat(s.stores()).isEqualTo(3);
        assertThat(s.rate()).isZero();
        assertThat(s.duration()).isNull();
        assertThat(s.embeddedCentra()).isTrue();
    }

    @Test
    void shouldReadTheAcceptanceCommandLine() {
        LocalSettings s = Main.parse(List.of("--stores", "3", "--rate", "5", "--duration", "60s", "--port-base=9000"));
        assertThat(s.rate()).isEqualTo(5.0);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.ports().posIngest()).isEqualTo(9000);
        assertThat(s.ports().kafka()).isEqualTo(10012);
        assertThat(s.ports().centra()).isEqualTo(9010);
    }

    @Test
    void shouldExplainWhatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> Main.parse(List.of("--strores", "3")))
                .withMessageContaining("unknown option --strores");
        assertThatIllegalArgumentException().isThrownBy(() -> Main.parse(List.of("--stores", "0")))
                .withMessageContaining("--stores must be a positive integer");
        assertThatIllegalArgumentException().isThrownBy(() -> Main.parse(List.of("--duration", "soon")))
                .withMessageContaining("--duration");
        assertThatIllegalArgumentException().isThrownBy(() -> Main.parse(List.of("--centra-url", "https://x.centra.com")))
                .withMessageContaining("--centra-token-file");
    }
}
