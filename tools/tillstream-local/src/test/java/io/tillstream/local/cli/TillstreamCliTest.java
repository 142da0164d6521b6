package io.tillstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every command says before it starts anything: help on stdout with status 0, and a bad option
 * or value as one line on stderr naming it, with status 2 (the renovation issue's list: replay --store
 * and a bad --as-of printed stack traces, --rate fast said "For input string").
 */
class TillstreamCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path empty;

    @Test
    void shouldPrintHelpOnStdoutForEveryCommand() {
        for (String command : new String[] {"run", "cluster", "chaos", "replay", "audit", "redrive", "token",
            "token add", "token revoke", "secrets"}) {
            out.reset();
            String[] args = (command + " --help").split(" ");
            assertThat(execute(args)).as(command).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(command).startsWith("Usage: tillstream " + command);
            assertThat(err.size()).as(command).isZero();
        }
        out.reset();
        assertThat(execute("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("tillstream ");
        out.reset();
        assertThat(execute()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("run", "cluster", "replay", "token");
    }

    @Test
    void shouldNameEachBadOptionOrValueOnOneLine() {
        assertThat(refusal("run", "--strores", "3")).contains("tillstream run: Unknown option").contains("'--strores'");
        assertThat(refusal("run", "--stores", "0")).contains("--stores must be a positive integer");
        assertThat(refusal("run", "--rate", "fast")).contains("--rate").contains("fast");
        assertThat(refusal("run", "--duration", "soon")).contains("--duration").contains("60s");
        assertThat(refusal("run", "--centra-url", "https://x.centra.com")).contains("--centra-token-file");
        assertThat(refusal("replay", "--store", "S001", "--as-of", "now")).contains("Unknown option").contains("'--store'");
        assertThat(refusal("replay", "--as-of", "yesterday")).contains("--as-of takes an instant");
        assertThat(refusal("replay")).contains("--as-of");
        assertThat(refusal("audit", "--wherehouse", "1")).contains("tillstream audit: Unknown option").contains("'--wherehouse'");
        assertThat(refusal("audit", "--warehouse", "x")).contains("--warehouse");
        assertThat(refusal("audit", "--data-dir", empty.toString())).contains("no " + empty.resolve("endpoints.json"));
        assertThat(refusal("redrive", "--from", "stock.changes.v1")).contains("ending in .dlq");
        assertThat(refusal("redrive", "--from", "stock.changes.v1.dlq", "--reason", "UNMAPPED"))
                .contains("--reason UNMAPPED is unknown").contains("SIZE_REFUSED, UNMAPPED_LOCATION, CORRECTION_REFUSED");
        assertThat(refusal("redrive", "--from", "pos.transactions.v1.dlq", "--reason", "UNMAPPED_LOCATION"))
                .contains("NOT_AVRO, SCHEMA_UNKNOWN, UNREADABLE");
        assertThat(refusal("token")).contains("add or revoke?");
        assertThat(refusal("token", "add", "--role", "ADMIN", "--name", "alice")).contains("--role")
                .contains("FINANCE");
        assertThat(refusal("token", "add", "--name", "alice")).contains("--role");
        assertThat(refusal("token", "add", "--role", "FINANCE")).contains("--name");
        assertThat(refusal("token", "revoke", "--role", "FINANCE", "--name", "a")).contains("Unknown option").contains("'--role'");
        assertThat(refusal("token", "grant", "--name", "alice")).contains("grant");
        assertThat(refusal("token", "add", "--role", "finance", "--name", "alice", "--data-dir", empty.toString()))
                .as("roles in any case").contains("no " + empty.resolve("endpoints.json")).contains("./tillstream run");
        assertThat(refusal("token", "add", "--role", "FINANCE", "--name", "alice", "--bootstrap-servers", "127.0.0.1:1"))
                .contains("go together");
        assertThat(refusal("chaos", "--rate", "-1")).contains("--rate must be 0 or more");
        assertThat(refusal("nonsense")).contains("nonsense");
    }

    private String refusal(String... args) {
        err.reset();
        assertThat(execute(args)).as(String.join(" ", args)).isEqualTo(2);
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(said.lines()).as(said).hasSize(1);
        assertThat(said).startsWith("tillstream").doesNotContain("Exception").contains("--help");
        return said;
    }

    private int execute(String... args) {
        return TillstreamCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }
}
