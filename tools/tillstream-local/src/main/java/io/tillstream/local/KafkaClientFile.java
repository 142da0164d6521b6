package io.tillstream.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** A Kafka client properties file, as Kafka's own tools take with {@code --command-config}. */
public final class KafkaClientFile {

    private KafkaClientFile() {
    }

    public static Map<String, Object> read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Kafka client settings " + file, e);
        }
        Map<String, Object> config = new HashMap<>();
        properties.forEach((k, v) -> config.put(k.toString(), v.toString()));
        return config;
    }
}
