package io.tillstream.local.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the cluster as an OS process: started from the launcher's own jars with its plan's
 * environment, its output appended to {@code logs/<name>.log}, stopped with SIGTERM (then SIGKILL after
 * 30 s) or killed with SIGKILL as a crash would.
 */
final class ClusterProcess {

    private final ClusterPlan.Node node;
    private final List<String> command;
    private final Path log;
    private final Path workDir;
    private Process process;
    private int starts;
    /** Set while the process is meant to be down (stopped, or killed and not yet restarted). */
    private volatile boolean held;

    ClusterProcess(ClusterPlan.Node node, List<String> command, Path workDir, Path log) {
        this.node = node;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.log = log;
    }

    /** {@code java <jvm options> -cp <classpath> <main> <args>} */
    static List<String> javaCommand(String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    synchronized void start() {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("TILLSTREAM_") || k.startsWith("KAFKA_")
                    || k.startsWith("MICRONAUT_")); // only the plan's settings, never the launcher's shell
            env.putAll(node.env());
            process = builder.start();
            starts++;
            held = false;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + node.name(), e);
        }
    }

    /** SIGKILL, as a crashed machine or the OOM killer would; the supervisor leaves it down until {@link #start()}. */
    synchronized void kill() {
        held = true;
        if (process != null) {
            process.destroyForcibly();
            waitFor(10);
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    synchronized void stop() {
        held = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(30)) {
                process.destroyForcibly();
                waitFor(10);
            }
        }
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Exited by itself (crashed, or a Streams service leaving ERROR) while it should be running. */
    synchronized boolean exitedUnexpectedly() {
        return !held && process != null && !process.isAlive();
    }

    synchronized int exitValue() {
        return process.exitValue();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Resident memory in KiB (from /proc), 0 when not running. */
    synchronized long rssKib() {
        if (process == null || !process.isAlive()) {
            return 0;
        }
        return Rss.ofPid(process.pid());
    }

    int starts() {
        return starts;
    }

    ClusterPlan.Node node() {
        return node;
    }

    String name() {
        return node.name();
    }

    Path log() {
        return log;
    }

    static String classpath(List<String> entries) {
        return String.join(File.pathSeparator, entries);
    }
}
