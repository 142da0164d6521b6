package io.tillstream.centra.client;

import java.util.List;
import java.util.Set;

/**
 * Centra's answer to a mutation: applied (a stock change id) or refused as a whole (user errors).
 *
 * @param refusedSizes indexes into the mutation's sizes that the user errors' paths name; empty
 *                     when the errors do not say which size was at fault
 */
public record MutationResult(String stockChangeId, List<String> userErrors, Set<Integer> refusedSizes) {

    public boolean applied() {
        return userErrors.isEmpty();
    }
}
