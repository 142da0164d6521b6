package io.tillstream.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code ./tillstream run} was asked for. A null external address means "start the embedded one".
 *
 * @param duration how long to run before stopping cleanly; null = until Ctrl-C
 * @param rate     simulated store transactions per second across all stores; 0 = no simulated traffic
 * @param syncSlo  how long a store movement may wait for Centra before SYNC_STALLED; null = the default 5 min
 */
public record LocalSettings(Path dataDir, Ports ports, int stores, double rate, Duration duration,
                            String bootstrapServers, String registryUrl, String centraUrl, Path centraTokenFile,
                            Duration syncSlo) {

    /** Every port of the pipeline; 0 picks a free one (tests). */
    public record Ports(int kafka, int posIngest, int projector, int reconciliation, int connect, int registry,
                        int centra) {

        /** The contract's defaults shifted by {@code base - 8080}: 8080 ingest … 8090 Centra, 9092 Kafka. */
        public static Ports fromBase(int base) {
            return new Ports(9092 + base - 8080, base, base + 1, base + 2, base + 3, base + 5, base + 10);
        }

        public static Ports free() {
            return new Ports(0, 0, 0, 0, 0, 0, 0);
        }
    }

    public static LocalSettings embedded(Path dataDir, Ports ports, int stores) {
        return new LocalSettings(dataDir, ports, stores, 0, null, null, null, null, null, null);
    }

    public LocalSettings withSyncSlo(Duration slo) {
        return new LocalSettings(dataDir, ports, stores, rate, duration, bootstrapServers, registryUrl, centraUrl,
                centraTokenFile, slo);
    }

    public boolean embeddedCentra() {
        return centraUrl == null;
    }
}
