package io.tillstream.ingest.movements;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.ingest.problem.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule for stock adjustments and stocktakes, one row each: the broken field must be named. */
class MovementValidatorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final String AT = "2026-11-26T10:00:00Z";
    private final MovementValidator validator = new MovementValidator(CLOCK);

    @Test
    void shouldAcceptTheContractsExamples() {
        assertThat(validator.validate(adjustment("S001-ADJ-1", AT, "RECEIVED", line("CAS-TEE-BLK-M", 12)))).isEmpty();
        assertThat(validator.validate(stocktake("S001-ST-1", AT, "FULL", count("CAS-TEE-BLK-M", 0)))).isEmpty();
        assertThat(validator.validate(adjustment("S001-ADJ-2", AT, "SHRINKAGE", line("A", -1)))).isEmpty();
        assertThat(validator.validate(adjustment("S001-ADJ-3", AT, "RETURN_RESTOCKED", line("A", 2)))).isEmpty();
        assertThat(validator.validate(adjustment("S001-ADJ-4", AT, "CORRECTION", line("A", -4), line("B", 4))))
                .isEmpty();
        assertThat(validator.validate(stocktake("S001-ST-2", AT, "FULL"))).as("a FULL count of nothing").isEmpty();
    }

    static Stream<Arguments> brokenAdjustments() {
        return Stream.of(
                Arguments.of("adjustmentId", adjustment("bad id!", AT, "RECEIVED", line("A", 1))),
                Arguments.of("occurredAt", adjustment("A1", "2026-11-26T12:06:00Z", "RECEIVED", line("A", 1))),
                Arguments.of("occurredAt", adjustment("A1", "today", "RECEIVED", line("A", 1))),
                Arguments.of("occurredAt", adjustment("A1", "0001-01-01T00:00:00Z", "RECEIVED", line("A", 1))),
                Arguments.of("reason", adjustment("A1", AT, "STOLEN", line("A", 1))),
                Arguments.of("lines", adjustment("A1", AT, "RECEIVED")),
                Arguments.of("lines[0].sku", adjustment("A1", AT, "RECEIVED", line(" ", 1))),
                Arguments.of("lines[0].quantity", adjustment("A1", AT, "RECEIVED", line("A", 0))),
                Arguments.of("lines[0].quantity", adjustment("A1", AT, "RECEIVED", line("A", 1_000_001))),
                Arguments.of("lines[1]", adjustment("A1", AT, "RECEIVED", line("A", 1), null)),
                Arguments.of("lines[0].quantity", adjustment("A1", AT, "RECEIVED", line("A", -3))),
                Arguments.of("lines[0].quantity", adjustment("A1", AT, "TRANSFER_IN", line("A", -3))),
                Arguments.of("lines[1].quantity", adjustment("A1", AT, "SHRINKAGE", line("A", -1), line("B", 2))),
                Arguments.of("lines[0].quantity", adjustment("A1", AT, "TRANSFER_OUT", line("A", 3))),
                Arguments.of("lines[0].quantity", adjustment("A1", AT, "DAMAGED", line("A", 1))),
                Arguments.of("lines[0].quantity", adjustment("A1", AT, "RETURN_RESTOCKED", line("A", -1))),
                Arguments.of("lines[0].quantity", adjustment("A1", AT, "RETURN_WRITTEN_OFF", line("A", -1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAdjustments")
    void shouldNameTheAdjustmentFieldThatBreaksARule(String field, AdjustmentRequest request) {
        assertThat(validator.validate(request)).extracting(FieldError::field).contains(field);
    }

    static Stream<Arguments> brokenStocktakes() {
        return Stream.of(
                Arguments.of("stocktakeId", stocktake("", AT, "FULL", count("A", 1))),
                Arguments.of("countedAt", stocktake("ST1", "2026-11-27T00:00:00Z", "FULL", count("A", 1))),
                Arguments.of("scope", stocktake("ST1", AT, "SOME", count("A", 1))),
                Arguments.of("counts[1].sku", stocktake("ST1", AT, "PARTIAL", count("A", 1), count("A", 2))),
                Arguments.of("counts[0].quantity", stocktake("ST1", AT, "PARTIAL", count("A", -1))),
                Arguments.of("counts[0].quantity", stocktake("ST1", AT, "PARTIAL", count("A", null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenStocktakes")
    void shouldNameTheStocktakeFieldThatBreaksARule(String field, StocktakeRequest request) {
        assertThat(validator.validate(request)).extracting(FieldError::field).contains(field);
    }

    private static AdjustmentRequest adjustment(String id, String at, String reason, AdjustmentRequest.Line... lines) {
        return new AdjustmentRequest(id, "S001", at, reason, Arrays.asList(lines));
    }

    private static AdjustmentRequest.Line line(String sku, Integer quantity) {
        return new AdjustmentRequest.Line(sku, quantity);
    }

    private static StocktakeRequest stocktake(String id, String at, String scope, StocktakeRequest.Count... counts) {
        return new StocktakeRequest(id, "S001", at, scope, List.of(counts));
    }

    private static StocktakeRequest.Count count(String sku, Integer quantity) {
        return new StocktakeRequest.Count(sku, quantity);
    }
}
