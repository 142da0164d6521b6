package io.tillstream.centra.client;

import java.util.List;

/** One page of a paged Centra read, and the cursor of the next ({@code null} after the last). */
public record Page<T>(List<T> items, String next) {
}
