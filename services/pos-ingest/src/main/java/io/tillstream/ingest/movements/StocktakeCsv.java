package io.tillstream.ingest.movements;

import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A stocktake exported by a handheld scanner as {@code text/csv} (RFC 4180: quoted fields may hold
 * commas): a {@code sku,quantity} header, then one count per line. Errors name the line of the file
 * (1 is the header), since that is what the person holding the file can find.
 *
 * @param lineNumbers the file line of each count, to translate the validator's {@code counts[i]}
 */
public record StocktakeCsv(StocktakeRequest request, List<Integer> lineNumbers) {

    private static final String HEADER = "sku,quantity";
    private static final Pattern COUNT_FIELD = Pattern.compile("counts\\[(\\d+)]\\.?(.*)");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();

    /** Parses the body; the other fields of the stocktake come from the query string. */
    public static StocktakeCsv parse(String body, String stocktakeId, String storeId, String countedAt, String scope) {
        String text = body == null ? "" : body.startsWith("\uFEFF") ? body.substring(1) : body;
        if (text.indexOf('\uFFFD') >= 0) {
            // what bytes that are not UTF-8 decode to: a SKU with a replacement character counts nothing real
            throw invalid("body", "is not UTF-8 text (save the file as UTF-8)");
        }
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            throw invalid("body", "is not CSV (RFC 4180): " + e.getMessage());
        }
        Lines lines = new Lines(text);
        if (records.isEmpty() || lines.of(records.get(0)) != 1
                || !String.join(",", records.get(0).values()).equalsIgnoreCase(HEADER)) {
            throw invalid("line 1", "must be the header " + HEADER);
        }
        List<FieldError> errors = new ArrayList<>();
        List<StocktakeRequest.Count> counts = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (CSVRecord record : records.subList(1, records.size())) {
            int line = lines.of(record);
            String field = "line " + line;
            if (record.size() != 2) {
                errors.add(new FieldError(field, "must have 2 fields (sku,quantity), has " + record.size()));
                continue;
            }
            try {
                counts.add(new StocktakeRequest.Count(record.get(0), Integer.valueOf(record.get(1))));
                lineNumbers.add(line);
            } catch (NumberFormatException e) {
                errors.add(new FieldError(field, "quantity must be a whole number, not '" + record.get(1) + "'"));
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

    /**
     * The file line each record starts on (1-based), asked in file order: the count goes on from the
     * previous record, so a whole file is read once. (Counting from the start for every record was
     * quadratic: a 32 MB body held a core for minutes.) A record's character position is where the
     * parser began reading it, before the empty lines it skipped.
     */
    private static final class Lines {

        private final String text;
        private int position;
        private int line = 1;

        Lines(String text) {
            this.text = text;
        }

        int of(CSVRecord record) {
            for (; position < record.getCharacterPosition(); position++) {
                if (text.charAt(position) == '\n') {
                    line++;
                }
            }
            int start = line;
            for (int i = position; i < text.length() && (text.charAt(i) == '\r' || text.charAt(i) == '\n'); i++) {
                if (text.charAt(i) == '\n') {
                    start++;
                }
            }
            return start;
        }
    }

    private static InvalidRequestException invalid(String field, String message) {
        return new InvalidRequestException(List.of(new FieldError(field, message)));
    }
}
