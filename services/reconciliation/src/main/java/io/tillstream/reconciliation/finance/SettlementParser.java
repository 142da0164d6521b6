package io.tillstream.reconciliation.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.domain.money.Money;
import io.tillstream.schemas.Settlement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a provider's payout lines, as a JSON array of objects or as CSV with the header
 * {@code provider,storeId,businessDate,currency,amount,fees,reference} (any order; fees and reference
 * may be empty). Every bad row is reported with its 1-based row number and field, and a file with any
 * bad row is refused whole: a half-imported payout report would itself look like a mismatch.
 */
public final class SettlementParser {

    /** One problem with one row; row 0 is the document itself (not an array, a bad header). */
    public record RowError(int row, String field, String message) {
    }

    public record Parsed(List<Settlement> settlements, List<RowError> errors) {
    }

    private static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);
    /** RFC 4180: a reference may be quoted, with commas and doubled quotes in it. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
    static final List<String> COLUMNS = List.of("provider", "storeId", "businessDate", "currency", "amount", "fees",
            "reference");
    private static final Set<String> REQUIRED = Set.of("provider", "storeId", "businessDate", "currency", "amount");
    // amounts as written, never through a double
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SettlementParser() {
    }

    public static Parsed json(byte[] body, Instant receivedAt) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return failed(new RowError(0, "body", "is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return failed(new RowError(0, "body", "could not be read: " + e.getMessage()));
        }
        if (root == null || !root.isArray()) {
            return failed(new RowError(0, "body", "must be a JSON array of payout lines"));
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            Map<String, String> row = new LinkedHashMap<>();
            if (!node.isObject()) {
                errors.add(new RowError(i + 1, "row", "must be an object"));
            } else {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!COLUMNS.contains(field.getKey())) {
                        errors.add(new RowError(i + 1, field.getKey(), "is not a payout field; use " + COLUMNS));
                    } else if (!field.getValue().isNull()) {
                        row.put(field.getKey(), field.getValue().asText());
                    }
                }
            }
            rows.add(row);
        }
        return validate(rows, errors, receivedAt);
    }

    public static Parsed csv(String body, Instant receivedAt) {
        // A byte-order mark is how Excel starts a UTF-8 CSV export; it is not part of the first column's name.
        String text = body.startsWith("\uFEFF") ? body.substring(1) : body;
        if (text.indexOf('\uFFFD') >= 0) {
            // what bytes that are not UTF-8 decode to
            return failed(new RowError(0, "body", "is not UTF-8 text (save the file as UTF-8)"));
        }
        List<CSVRecord> lines;
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            lines = parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            return failed(new RowError(0, "body", "is not CSV (RFC 4180): " + e.getMessage()));
        }
        if (lines.isEmpty()) {
            return failed(new RowError(0, "header", "is missing: " + String.join(",", COLUMNS)));
        }
        List<String> header = lines.get(0).toList();
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                return failed(new RowError(0, column, "is not a payout column; use " + String.join(",", COLUMNS)));
            }
        }
        for (String column : REQUIRED) {
            if (!header.contains(column)) {
                return failed(new RowError(0, column, "column is missing from the header"));
            }
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> values = lines.get(i).toList();
            Map<String, String> row = new LinkedHashMap<>();
            if (values.size() != header.size()) {
                errors.add(new RowError(i, "row", "has " + values.size() + " values for " + header.size() + " columns"));
            } else {
                for (int c = 0; c < header.size(); c++) {
                    if (!values.get(c).isBlank()) {
                        row.put(header.get(c), values.get(c).trim());
                    }
                }
            }
            rows.add(row);
        }
        return validate(rows, errors, receivedAt);
    }

    private static Parsed validate(List<Map<String, String>> rows, List<RowError> errors, Instant receivedAt) {
        if (rows.isEmpty() && errors.isEmpty()) {
            errors.add(new RowError(0, "body", "has no payout lines"));
        }
        List<Settlement> settlements = new ArrayList<>();
        Map<String, Integer> firstRowOfPayout = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            int rowNumber = i + 1;
            Map<String, String> row = rows.get(i);
            int before = errors.size();
            // One payout per store, day and provider: a later one replaces the earlier (a correction), so two
            // in one upload would lose the first while the answer counted both.
            Integer earlier = firstRowOfPayout.putIfAbsent(
                    row.get("storeId") + "|" + row.get("businessDate") + "|" + row.get("provider"), rowNumber);
            if (earlier != null) {
                errors.add(new RowError(rowNumber, "provider", "repeats the payout of row " + earlier
                        + " (same store, day and provider): send their sum as one line"));
            }
            for (String field : REQUIRED) {
                if (!row.containsKey(field)) {
                    errors.add(new RowError(rowNumber, field, "is required"));
                }
            }
            String provider = checked(row, "provider", "[A-Za-z0-9._-]{1,64}", rowNumber, errors);
            String storeId = checked(row, "storeId", "[A-Za-z0-9._:-]{1,64}", rowNumber, errors);
            String reference = checked(row, "reference", ".{1,128}", rowNumber, errors);
            LocalDate date = date(row.get("businessDate"), receivedAt, rowNumber, errors);
            Currency currency = currency(row.get("currency"), rowNumber, errors);
            BigDecimal amount = money(row, "amount", currency, rowNumber, errors);
            BigDecimal fees = row.containsKey("fees") ? money(row, "fees", currency, rowNumber, errors) : BigDecimal.ZERO;
            if (errors.size() == before) {
                settlements.add(Settlement.newBuilder().setProvider(provider).setStoreId(storeId)
                        .setBusinessDate(date).setCurrency(currency.getCurrencyCode()).setAmount(amount.setScale(4))
                        .setFees(fees.setScale(4)).setReference(reference).setReceivedAt(receivedAt).build());
            }
        }
        return errors.isEmpty() ? new Parsed(settlements, List.of()) : new Parsed(List.of(), errors);
    }

    private static String checked(Map<String, String> row, String field, String pattern, int rowNumber,
                                  List<RowError> errors) {
        String value = row.get(field);
        if (value != null && !value.matches(pattern)) {
            errors.add(new RowError(rowNumber, field, "must match " + pattern));
        }
        return value;
    }

    /** A day that has been traded: not after tomorrow (in any time zone), not before 2000. */
    private static LocalDate date(String value, Instant receivedAt, int row, List<RowError> errors) {
        if (value == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new RowError(row, "businessDate", "must be a date such as 2026-11-26"));
            return null;
        }
        if (date.isAfter(LocalDate.ofInstant(receivedAt, ZoneOffset.UTC).plusDays(1))) {
            errors.add(new RowError(row, "businessDate", "is a day that has not been traded yet"));
        } else if (date.isBefore(EARLIEST_DAY)) {
            errors.add(new RowError(row, "businessDate", "is before " + EARLIEST_DAY));
        }
        return date;
    }

    private static Currency currency(String value, int row, List<RowError> errors) {
        if (value == null) {
            return null;
        }
        Optional<Currency> currency = Money.currency(value);
        if (currency.isEmpty()) {
            errors.add(new RowError(row, "currency", "must be the ISO 4217 code of a currency such as GBP"));
        }
        return currency.orElse(null);
    }

    private static BigDecimal money(Map<String, String> row, String field, Currency currency, int rowNumber,
                                    List<RowError> errors) {
        String value = row.get(field);
        if (value == null) {
            return null;
        }
        if (!value.matches("-?\\d{1,13}(\\.\\d{1,4})?")) {
            errors.add(new RowError(rowNumber, field, "must be a decimal amount such as \"1234.56\""));
            return null;
        }
        BigDecimal amount = new BigDecimal(value);
        Optional<String> problem = currency == null ? Optional.empty() : Money.minorUnitsProblem(amount, currency);
        if (problem.isPresent()) {
            errors.add(new RowError(rowNumber, field, problem.get()));
            return null;
        }
        return amount;
    }

    /** One CSV line: commas separate, double quotes quote, a doubled quote is a literal one. */
    private static Parsed failed(RowError error) {
        return new Parsed(List.of(), List.of(error));
    }
}
