package io.tillstream.ingest.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON binding is strict: each body below is refused with the field that is wrong. */
class RequestReaderTest {

    private static final String LINE = "{\"sku\":\"A\",\"quantity\":2,\"unitPrice\":\"25.00\",\"discount\":\"5.00\",\"tax\":\"7.50\"}";

    @Test
    void shouldBindTheContractsShape() {
        TransactionRequest.Line line = read(LINE);
        assertThat(line.quantity()).isEqualTo(2);
        assertThat(line.unitPrice()).isEqualTo("25.00");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"unitPrice\":\"25.00\" | \"unitPrice\":25.00 | unitPrice",
            "\"tax\":\"7.50\"        | \"tax\":7         | tax",
            "\"quantity\":2          | \"quantity\":\"2\" | quantity",
            "\"quantity\":2          | \"quantity\":2.0  | quantity",
            "\"quantity\":2          | \"quantity\":true | quantity",
            "\"sku\":\"A\"           | \"sku\":true      | sku"})
    void shouldRefuseAScalarOfTheWrongJsonType(String valid, String wrong, String field) {
        String body = LINE.replace(valid.strip(), wrong.strip());
        assertThat(body).isNotEqualTo(LINE);

        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly(field));
    }

    @Test
    void shouldSayWhatTheFieldShouldBeInJsonTerms() {
        assertThatThrownBy(() -> read(LINE.replace("\"25.00\"", "25.00")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).isEqualTo(List.of(
                        new FieldError("unitPrice", "must be a JSON string (money too: a decimal string such as \"25.00\")"))));
        assertThatThrownBy(() -> read(LINE.replace("\"quantity\":2", "\"quantity\":\"2\"")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).isEqualTo(List.of(
                        new FieldError("quantity", "must be a JSON integer"))));
    }

    @Test
    void shouldRefuseAFieldGivenTwice() {
        assertThatThrownBy(() -> read(LINE.replace("{", "{\"sku\":\"B\",")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("body");
                            assertThat(error.message()).contains("Duplicate field 'sku'");
                        }));
    }

    @Test
    void shouldNameAnUnknownField() {
        assertThatThrownBy(() -> read(LINE.replace("}", ",\"colour\":\"red\"}")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .isEqualTo(List.of(new FieldError("colour", "is not a known field"))));
    }

    private static TransactionRequest.Line read(String body) {
        return RequestReader.convert(RequestReader.readTree(body), TransactionRequest.Line.class);
    }
}
