package io.tillstream.ingest.movements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV form of a stocktake: parsed counts, and every error named by its line in the file. */
class StocktakeCsvTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldReadCountsSkippingBlankLinesAndAByteOrderMark() {
        StocktakeCsv csv = parse("\uFEFFsku,quantity\r\nA-1,3\r\n\r\n\"B-2\", 0\r\n");

        assertThat(csv.request().counts()).containsExactly(new StocktakeRequest.Count("A-1", 3),
                new StocktakeRequest.Count("B-2", 0));
        assertThat(csv.lineNumbers()).containsExactly(2, 4);
        assertThat(new MovementValidator(CLOCK).validate(csv.request())).isEmpty();
    }

    @Test
    void shouldNameTheRightLinesOfAScannerExportOfAWholeStore() {
        StringBuilder body = new StringBuilder("sku,quantity\n");
        int sizes = 100_000;
        for (int i = 0; i < sizes; i++) {
            body.append("SKU-").append(i).append(",1\n");
            if (i % 1000 == 0) {
                body.append('\n'); // scanners leave a blank line now and then
            }
        }
        String text = body.append("LAST,x\n").toString();
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> parse(text));
        // 1 header + 100,000 counts + 100 blank lines: the bad one is the file's last line
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("line " + (1 + sizes + sizes / 1000 + 1));
    }

    @Test
    void shouldNameTheLineOfEveryUnreadableRow() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> parse("sku,quantity\nA-1,3\nB-2,three\nC-3\nD-4,1,2\n"));

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("line 3", "line 4", "line 5");
    }

    @Test
    void shouldReadAQuotedSkuWithACommaAndRefuseAnUnclosedQuote() {
        StocktakeCsv csv = parse("sku,quantity\n\"QA,COMMA\",1\n\"QA \"\"QUOTED\"\"\",2\n");
        assertThat(csv.request().counts()).containsExactly(new StocktakeRequest.Count("QA,COMMA", 1),
                new StocktakeRequest.Count("QA \"QUOTED\"", 2));

        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> parse("sku,quantity\n\"QA-CSV-W,1\n"));
        assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.field()).isEqualTo("body"));
    }

    @Test
    void shouldRefuseTextThatWasNotUtf8() {
        String latin1 = new String("sku,quantity\nQA-CSV-\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);

        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> parse(latin1));

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("body");
    }

    @Test
    void shouldRefuseAMissingHeader() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> parse("A-1,3\n"));

        assertThat(e.errors()).containsExactly(new FieldError("line 1", "must be the header sku,quantity"));
    }

    @Test
    void shouldTranslateValidatorErrorsOnCountsToFileLines() {
        StocktakeCsv csv = parse("sku,quantity\nA-1,3\n\nA-1,-2\n");

        List<FieldError> errors = csv.byLine(new MovementValidator(CLOCK).validate(csv.request()));

        assertThat(errors).extracting(FieldError::field).containsExactly("line 4", "line 4");
        assertThat(errors).extracting(FieldError::message).allMatch(m -> m.startsWith("sku ") || m.startsWith("quantity "));
    }

    private static StocktakeCsv parse(String body) {
        return StocktakeCsv.parse(body, "S001-ST-1", "S001", "2026-11-26T10:00:00Z", "PARTIAL");
    }
}
