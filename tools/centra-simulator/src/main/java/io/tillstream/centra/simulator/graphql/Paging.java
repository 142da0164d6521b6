package io.tillstream.centra.simulator.graphql;

import graphql.schema.DataFetchingEnvironment;
import java.util.List;

/** Centra's nested-list paging: {@code limit} 1–200 (default 20), {@code page} from 1. */
final class Paging {

    static final int MAX_LIMIT = 200;
    static final int DEFAULT_LIMIT = 20;

    private Paging() {
    }

    static <T> List<T> page(final List<T> all, final DataFetchingEnvironment env) {
        final int limit = limit(env);
        final Integer pageArg = env.getArgument("page");
        final int page = pageArg == null ? 1 : pageArg;
        if (page < 1) {
            throw new BadInputException("page must be 1 or more, got " + page);
        }
        final long from = (long) (page - 1) * limit;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + limit));
    }

    static int limit(final DataFetchingEnvironment env) {
        final Integer limitArg = env.getArgument("limit");
        final int limit = limitArg == null ? DEFAULT_LIMIT : limitArg;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadInputException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
