package io.tillstream.centra.simulator.graphql;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counts the mutation fields of a request before it runs, so the mutation quota is checked (and a
 * throttled request refused) before anything is applied. Aliased mutations each count.
 */
public final class OperationInspector {

    private OperationInspector() {
    }

    /** Mutation fields in the operation that would run; 0 for a query or a request that does not parse. */
    public static int mutationFields(final String query, final String operationName) {
        final Document document;
        try {
            document = Parser.parse(ParserEnvironment.newParserEnvironment().document(query)
                    .parserOptions(GraphQlEngine.PARSER_OPTIONS).build());
        } catch (InvalidSyntaxException e) {
            return 0;
        }
        final List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        final OperationDefinition operation = operationName == null
                ? (operations.size() == 1 ? operations.get(0) : null)
                : operations.stream().filter(o -> operationName.equals(o.getName())).findFirst().orElse(null);
        if (operation == null || operation.getOperation() != OperationDefinition.Operation.MUTATION) {
            return 0;
        }
        final Map<String, FragmentDefinition> fragments = document.getDefinitionsOfType(FragmentDefinition.class)
                .stream().collect(Collectors.toMap(FragmentDefinition::getName, Function.identity(), (a, b) -> a));
        return count(operation.getSelectionSet(), fragments, new HashSet<>());
    }

    private static int count(final SelectionSet set, final Map<String, FragmentDefinition> fragments,
                             final Set<String> visiting) {
        int fields = 0;
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field) {
                fields++;
            } else if (selection instanceof InlineFragment inline) {
                fields += count(inline.getSelectionSet(), fragments, visiting);
            } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())
                    && visiting.add(spread.getName())) {
                // The visiting set stops a fragment cycle; validation will reject such a request anyway.
                fields += count(fragments.get(spread.getName()).getSelectionSet(), fragments, visiting);
            }
        }
        return fields;
    }
}
