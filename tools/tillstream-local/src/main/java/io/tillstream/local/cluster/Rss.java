package io.tillstream.local.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident set size, as the kernel counts it (Linux /proc; 0 elsewhere). */
final class Rss {

    private Rss() {
    }

    static long ofPid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone meanwhile, or not Linux
        }
        return 0;
    }

    static long self() {
        return ofPid(ProcessHandle.current().pid());
    }
}
