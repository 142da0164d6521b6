package io.tillstream.centra.reference;

import io.tillstream.centra.sink.CentraStockSinkConnector;
import io.tillstream.centra.source.CentraCatalogSourceConnector;
import io.tillstream.centra.source.CentraStockSourceConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;

/**
 * The plugin's configuration reference, rendered from the connectors' own {@link ConfigDef}s, so it
 * cannot say what the code does not (Kafka prints its own reference from its ConfigDefs the same
 * way). The build writes it into the plugin archive; {@code CONFIGURATION.md} beside the module's
 * README is the same text, kept equal by a test.
 */
public final class ConfigReference {

    private static final List<Connector> CONNECTORS = List.of(new CentraStockSinkConnector(),
            new CentraCatalogSourceConnector(), new CentraStockSourceConnector());

    private ConfigReference() {
    }

    /** {@code ConfigReference <file>}: writes the reference as Markdown. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown());
    }

    public static String markdown() {
        StringBuilder md = new StringBuilder("""
                # Tillstream Centra connectors: configuration reference

                Generated from the connectors' `ConfigDef`s (`ConfigReference`); do not edit by hand. Besides
                these keys every connector takes Kafka Connect's own (`name`, `connector.class`, `tasks.max`,
                converters, `errors.*`; see the module README for a complete example). Rows are ordered by
                importance, then name.
                """);
        for (Connector connector : CONNECTORS) {
            md.append("\n## `").append(connector.getClass().getName()).append("`\n\n")
                    .append("| key | type | default | valid values | importance | description |\n")
                    .append("|---|---|---|---|---|---|\n");
            connector.config().configKeys().values().stream()
                    .filter(key -> !key.internalConfig)
                    .sorted(Comparator.comparing((ConfigDef.ConfigKey key) -> key.importance).thenComparing(k -> k.name))
                    .forEach(key -> md.append("| `").append(key.name).append("` | ")
                            .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                            .append(defaultOf(key)).append(" | ")
                            .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
                            .append(key.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                            .append(cell(key.documentation)).append(" |\n"));
        }
        return md.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.defaultValue == null) {
            return "none";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        return value.isEmpty() ? "\"\"" : "`" + value + "`";
    }

    /** One table cell: pipes escaped, lines joined. */
    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ").strip();
    }
}
