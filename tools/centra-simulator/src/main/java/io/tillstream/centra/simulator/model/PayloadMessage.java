package io.tillstream.centra.simulator.model;

import java.util.List;

/**
 * A Centra {@code UserError} or {@code UserWarning}: a message and the input path it is about,
 * e.g. {@code ["input", "productSizes", 1, "productSize", "SKU"]}.
 */
public record PayloadMessage(String message, List<Object> path) {

    public PayloadMessage {
        path = List.copyOf(path);
    }
}
