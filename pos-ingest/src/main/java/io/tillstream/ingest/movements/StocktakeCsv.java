package io.tillstream.ingest.movements;

import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stocktake exported by a handheld scanner as {@code text/csv}: a {@code sku,quantity} header, then
 * one count per line. Errors name the line of the file (1 is the header), since that is what the
 * person holding the file can find.
 *
 * @param lineNumbers the file line of each count, to translate the validator's {@code counts[i]}
 */
public record StocktakeCsv(StocktakeRequest request, List<Integer> lineNumbers) {

    private static final String HEADER = "sku,quantity";
    private static final Pattern COUNT_FIELD = Pattern.compile("counts\\[(\\d+)]\\.?(.*)");

    /** Parses the body; the other fields of the stocktake come from the query string. */
    public static StocktakeCsv parse(String body, String stocktakeId, String storeId, String countedAt, String scope) {
        String[] lines = (body == null ? "" : body.replace("\uFEFF", "")).split("\r?\n", -1);
        List<FieldError> errors = new ArrayList<>();
        if (!lines[0].trim().equalsIgnoreCase(HEADER)) {
            throw new InvalidRequestException(List.of(new FieldError("line 1", "must be the header " + HEADER)));
        }
        List<StocktakeRequest.Count> counts = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String field = "line " + (i + 1);
            String[] cells = lines[i].split(",", -1);
            if (cells.length != 2) {
                errors.add(new FieldError(field, "must have 2 fields (sku,quantity), has " + cells.length));
                continue;
            }
            try {
                counts.add(new StocktakeRequest.Count(unquote(cells[0]), Integer.valueOf(unquote(cells[1]))));
                lineNumbers.add(i + 1);
            } catch (NumberFormatException e) {
                errors.add(new FieldError(field, "quantity must be a whole number, not '" + cells[1].trim() + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new StocktakeCsv(new StocktakeRequest(stocktakeId, storeId, countedAt, scope, counts), lineNumbers);
    }

    /** Renames the validator's {@code counts[i].quantity} to {@code line N}: "quantity …". */
    public List<FieldError> byLine(List<FieldError> errors) {
        return errors.stream().map(e -> {
            Matcher m = COUNT_FIELD.matcher(e.field());
            if (!m.matches()) {
                return e;
            }
            String line = "line " + lineNumbers.get(Integer.parseInt(m.group(1)));
            return new FieldError(line, m.group(2).isEmpty() ? e.message() : m.group(2) + " " + e.message());
        }).toList();
    }

    private static String unquote(String cell) {
        String trimmed = cell.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
