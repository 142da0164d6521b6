package io.tillstream.reconciliation.http;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The filters of {@code GET /v1/exceptions}. A filter that cannot match anything (an unknown name,
 * or {@code owner=FINANS}) is refused: an empty list would read as "nothing open".
 */
final class ExceptionFilter {

    private static final Map<String, Function<ReconciliationException, Object>> FIELDS = new LinkedHashMap<>();
    private static final Map<String, List<String>> CHOICES = Map.of(
            "status", names(ExceptionStatus.values()),
            "owner", names(Owner.values()),
            "type", names(ExceptionType.values()));

    static {
        FIELDS.put("status", ReconciliationException::getStatus);
        FIELDS.put("owner", ReconciliationException::getOwner);
        FIELDS.put("type", ReconciliationException::getType);
        FIELDS.put("storeId", ReconciliationException::getStoreId);
        FIELDS.put("sku", ReconciliationException::getSku);
    }

    private final Map<String, String> query;

    private ExceptionFilter(Map<String, String> query) {
        this.query = query;
    }

    /** @throws IllegalArgumentException naming the filter that is wrong and what it takes */
    static ExceptionFilter of(Map<String, String> query) {
        for (Map.Entry<String, String> filter : query.entrySet()) {
            if (!FIELDS.containsKey(filter.getKey())) {
                throw new IllegalArgumentException("Unknown filter " + filter.getKey() + "; use " + FIELDS.keySet());
            }
            List<String> choices = CHOICES.get(filter.getKey());
            if (choices != null && !choices.contains(filter.getValue())) {
                throw new IllegalArgumentException(filter.getKey() + " must be one of " + choices);
            }
        }
        return new ExceptionFilter(query);
    }

    boolean matches(ReconciliationException exception) {
        return query.entrySet().stream()
                .allMatch(f -> f.getValue().equals(String.valueOf(FIELDS.get(f.getKey()).apply(exception))));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
