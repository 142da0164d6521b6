package io.tillstream.centra.sink.client;

import java.util.List;

/** Centra's answer to a mutation: applied (a stock change id) or refused as a whole (user errors). */
public record MutationResult(String stockChangeId, List<String> userErrors) {

    public boolean applied() {
        return userErrors.isEmpty();
    }
}
