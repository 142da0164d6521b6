package io.tillstream.centra.simulator.graphql;

import java.util.Map;

/** A GraphQL request as the journal keeps a mutation: enough to run it again. */
public record GraphQlRequest(String query, Map<String, Object> variables, String operationName) {
}
