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

    /** Starts it unless it is running: a second process would fight the first for its port and state. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            held = false;
            return;
        }
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
        stop(java.time.Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL after {@code patience}. */
    synchronized void stop(java.time.Duration patience) {
        held = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor((int) patience.toSeconds())) {
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

    /**
     * Starts it again if it exited by itself (crashed, or a Streams service leaving ERROR) while it should
     * be running; one step, so that a {@link #kill()} meanwhile is never undone.
     *
     * @return the exit status it had, or empty when nothing was done
     */
    synchronized java.util.OptionalInt restartIfExited() {
        if (held || process == null || process.isAlive()) {
            return java.util.OptionalInt.empty();
        }
        int status = process.exitValue();
        start();
        return java.util.OptionalInt.of(status);
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
