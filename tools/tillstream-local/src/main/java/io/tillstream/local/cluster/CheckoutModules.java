package io.tillstream.local.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Maven modules of a checkout: each a folder with a pom.xml inside one of the groups the root
 * pom lists (services/, core/, tools/).
 */
final class CheckoutModules {

    private CheckoutModules() {
    }

    /** Every module folder of the checkout. */
    static List<Path> all(Path root) {
        try (Stream<Path> groups = Files.list(root)) {
            return groups.filter(Files::isDirectory).flatMap(CheckoutModules::children)
                    .filter(d -> Files.exists(d.resolve("pom.xml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the modules of " + root, e);
        }
    }

    /** The folder of the module named {@code artifactId}. */
    static Path named(Path root, String artifactId) {
        return all(root).stream().filter(d -> d.getFileName().toString().equals(artifactId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No module " + artifactId + " in " + root));
    }

    private static Stream<Path> children(Path group) {
        try (Stream<Path> children = Files.list(group)) {
            return children.filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
