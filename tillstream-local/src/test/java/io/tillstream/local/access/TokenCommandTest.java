package io.tillstream.local.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command says before it touches Kafka: help, and one line for every bad option or value. */
class TokenCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final TokenCommand command = new TokenCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @TempDir
    Path empty;

    @Test
    void shouldPrintItsHelpOnStdoutAndExitZero() {
        assertThat(command.run(List.of("--help"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("token add --role ROLE --name NAME", "STOCK_READER");
        assertThat(err.size()).isZero();
    }

    @Test
    void shouldNameEachBadOptionOrValueOnOneLineAndExitTwo() {
        assertThat(refusal("add", "--role", "ADMIN", "--name", "alice")).contains("--role must be one of")
                .contains("FINANCE");
        assertThat(refusal("add", "--name", "alice")).contains("--role is required");
        assertThat(refusal("add", "--role", "FINANCE")).contains("--name is required");
        assertThat(refusal("revoke", "--role", "FINANCE", "--name", "a")).contains("unknown option --role");
        assertThat(refusal("grant", "--name", "alice")).contains("unknown action grant");
        assertThat(refusal("add", "--role", "FINANCE", "--name", "alice", "--data-dir", empty.toString()))
                .contains("no " + empty.resolve("endpoints.json")).contains("start ./tillstream run first");
        assertThat(refusal("add", "--role", "FINANCE", "--name", "alice", "--bootstrap-servers", "127.0.0.1:1"))
                .contains("go together");
    }

    private String refusal(String... args) {
        err.reset();
        assertThat(command.run(List.of(args))).isEqualTo(2);
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(said.lines()).hasSize(1);
        assertThat(said).startsWith("tillstream token: ").doesNotContain("Exception");
        return said;
    }
}
