package io.tillstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What ./tillstream run makes of its options. */
class RunCommandTest {

    private static LocalSettings parse(String... args) {
        RunCommand command = new RunCommand(new PrintStream(PrintStream.nullOutputStream()));
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void shouldDefaultToTheEmbeddedPipelineOnTheContractsPorts() {
        LocalSettings s = parse();
        assertThat(s.dataDir()).isEqualTo(Path.of(".tillstream"));
        assertThat(s.ports()).isEqualTo(new LocalSettings.Ports(9092, 8080, 8081, 8082, 8083, 8085, 8090));
        assertThat(s.stores()).isEqualTo(3);
        assertThat(s.rate()).isZero();
        assertThat(s.duration()).isNull();
        assertThat(s.embeddedCentra()).isTrue();
    }

    @Test
    void shouldReadTheAcceptanceCommandLine() {
        LocalSettings s = parse("--stores", "3", "--rate", "5", "--duration", "60s", "--port-base=9000");
        assertThat(s.rate()).isEqualTo(5.0);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.ports().posIngest()).isEqualTo(9000);
        assertThat(s.ports().kafka()).isEqualTo(10012);
        assertThat(s.ports().centra()).isEqualTo(9010);
        assertThat(parse("--sync-slo", "PT2M").syncSlo()).isEqualTo(Duration.ofMinutes(2));
    }
}
