package io.tillstream.centra.simulator.graphql;

import graphql.schema.DataFetcher;
import java.util.Set;

/**
 * Records the Centra token permission each field needs, for {@code extensions.permissionsUsed}.
 * The simulator's tokens hold every permission; the list shows a client what a real token needs.
 */
final class Permissions {

    static final String CONTEXT_KEY = "permissionsUsed";

    private Permissions() {
    }

    static <T> DataFetcher<T> require(final String permission, final DataFetcher<T> fetcher) {
        return env -> {
            final Set<String> used = env.getGraphQlContext().get(CONTEXT_KEY);
            if (used != null) {
                used.add(permission);
            }
            return fetcher.get(env);
        };
    }
}
