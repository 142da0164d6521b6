package io.tillstream.ingest.transactions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import io.tillstream.ingest.stores.Store;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly: unknown fields, wrong JSON types and malformed JSON are errors
 * naming the field, because a till that sends a misspelt field would otherwise lose data silently.
 * Jackson is used directly (not Micronaut's binding) to get the JSON path of every failure.
 */
public final class RequestReader {

    private static final ObjectMapper MAPPER = strict(new ObjectMapper()
            // {"storeId":"S002","storeId":"S001"}: which one the till meant is anyone's guess
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT));

    /**
     * No scalar coercion either way: money is a decimal string ({@code 25.00} as a JSON number is how
     * a float sneaks into a till's money), and a quantity is a JSON integer, not {@code "2"}.
     */
    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    private RequestReader() {
    }

    /**
     * Reads a body written with {@code store}'s token: one naming another store, or another till
     * than the token's, is refused (403) before its fields are judged, so the answer is about the
     * token, not about a typo.
     */
    public static <T> T readFor(Store store, String body, Class<T> type) {
        JsonNode tree = readTree(body);
        store.requireOwns(text(tree, "storeId"), text(tree, "tillId"));
        return convert(tree, type);
    }

    /** A field's text, or null when it is absent or not a string (validation then says so). */
    public static String text(JsonNode tree, String field) {
        JsonNode value = tree.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** Parses a body into a tree, so that a batch can read each of its items on its own. */
    public static JsonNode readTree(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException(List.of(new FieldError("body", "the request body is empty")));
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(List.of(new FieldError("body", "malformed JSON: " + e.getOriginalMessage())));
        }
    }

    /** Binds one JSON object strictly; errors name the field relative to {@code node}. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("body", "the request body must be a JSON object")));
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException(List.of(new FieldError(path(e), "is not a known field")));
        } catch (MismatchedInputException e) {
            throw new InvalidRequestException(List.of(new FieldError(path(e), expected(e.getTargetType()))));
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(List.of(new FieldError(path(e), "has the wrong JSON type")));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(List.of(new FieldError("body", "malformed JSON: " + e.getOriginalMessage())));
        }
    }

    /** What the field should have been, in the client's terms (Jackson's message names Java types). */
    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "must be a JSON string (money too: a decimal string such as \"25.00\")";
        }
        if (type == Integer.class || type == int.class) {
            return "must be a JSON integer";
        }
        if (type != null && List.class.isAssignableFrom(type)) {
            return "must be a JSON array";
        }
        return type != null && type.isRecord() ? "must be a JSON object" : "has the wrong JSON type";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
