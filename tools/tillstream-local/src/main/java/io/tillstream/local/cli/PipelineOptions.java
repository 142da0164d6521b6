package io.tillstream.local.cli;

import io.tillstream.local.RunningPipeline;
import io.tillstream.service.config.KafkaClientEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a tool finds the pipeline: the data directory's endpoints.json of ./tillstream run or cluster
 * (on a secured cluster it names the admin's client settings), or a cluster given by its addresses, with
 * the {@code TILLSTREAM_KAFKA_*} settings every service takes.
 */
public final class PipelineOptions {

    /** Its Kafka clients' settings and its registry. */
    public record Pipeline(Map<String, Object> kafka, String registryUrl) {
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the running pipeline's data directory"
            + " (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(".tillstream");

    @Option(names = "--bootstrap-servers", paramLabel = "H:P", description = "instead: this Kafka cluster ...")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "... and this registry (the TILLSTREAM_KAFKA_* settings apply)")
    String registryUrl;

    /** The data directory's running pipeline, when the tool was pointed at one (not at a cluster's addresses). */
    public Optional<Path> dataDir() {
        return bootstrapServers == null && Files.exists(dataDir.resolve("endpoints.json")) ? Optional.of(dataDir)
                : Optional.empty();
    }

    public Pipeline pipeline() {
        if (bootstrapServers != null && registryUrl != null) {
            Map<String, Object> kafka = new HashMap<>(KafkaClientEnvironment.from(System.getenv(),
                    "TILLSTREAM_BOOTSTRAP_SERVERS").values());
            kafka.put("bootstrap.servers", bootstrapServers);
            return new Pipeline(kafka, registryUrl);
        }
        if (bootstrapServers != null || registryUrl != null) {
            throw Checks.refuse(spec, "--bootstrap-servers and --schema-registry-url go together");
        }
        Path endpoints = dataDir.resolve("endpoints.json");
        if (!Files.exists(endpoints)) {
            throw Checks.refuse(spec, "no " + endpoints + "; start ./tillstream run first, or give --data-dir, or"
                    + " --bootstrap-servers and --schema-registry-url");
        }
        try {
            RunningPipeline running = RunningPipeline.read(endpoints);
            return new Pipeline(running.kafka(), running.registryUrl());
        } catch (IOException e) {
            throw Checks.refuse(spec, "cannot read " + endpoints + ": " + e.getMessage());
        }
    }
}
