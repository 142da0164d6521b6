package io.tillstream.ingest.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.ingest.problem.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every rule of the contract, one row each: the broken field must be named. */
class TransactionValidatorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private final TransactionValidator validator = new TransactionValidator(CLOCK);

    static TransactionRequest valid() {
        return new TransactionRequest("S001-T03-000123", "S001", "T03", "SALE", "2026-11-26T10:15:30Z", "GBP",
                List.of(new TransactionRequest.Line("CAS-TEE-BLK-M", 2, "25.00", "5.00", "7.50", null)),
                List.of(new TransactionRequest.Tender("CARD", "45.00", "auth-88123")), null);
    }

    @Test
    void shouldAcceptTheContractsExample() {
        assertThat(validator.validate(valid())).isEmpty();
    }

    @Test
    void shouldAcceptAReturnWithANegativeTender() {
        TransactionRequest r = with(t -> new TransactionRequest(t.transactionId(), t.storeId(), t.tillId(), "RETURN",
                t.occurredAt(), t.currency(),
                List.of(new TransactionRequest.Line("CAS-TEE-BLK-M", -1, "25.00", "0.00", "4.17", "INSPECT")),
                List.of(new TransactionRequest.Tender("CARD", "-25.00", null)), null));
        assertThat(validator.validate(r)).isEmpty();
    }

    @Test
    void shouldAcceptAVoidWithoutLines() {
        TransactionRequest r = new TransactionRequest("S001-V1", "S001", "T03", "VOID", "2026-11-26T10:15:30Z", "GBP",
                List.of(), List.of(), "S001-T03-000123");
        assertThat(validator.validate(r)).isEmpty();
    }

    @Test
    void shouldCountTheCharactersOfAReferenceAsAPersonDoes() {
        // found by IngestFuzzIT: 128 emoji are 256 UTF-16 units, and were refused as "more than 128 characters"
        String emoji = "\uD83D\uDE00";
        TransactionRequest within = with(t -> copy(t).reference(emoji.repeat(128)).build());
        TransactionRequest beyond = with(t -> copy(t).reference(emoji.repeat(129)).build());
        assertThat(validator.validate(within)).isEmpty();
        assertThat(validator.validate(beyond)).extracting(FieldError::field).containsExactly("tenders[0].reference");
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                rule("transactionId", t -> copy(t).id("bad id!").build()),
                rule("transactionId", t -> copy(t).id("x".repeat(65)).build()),
                rule("storeId", t -> copy(t).store(null).build()),
                rule("type", t -> copy(t).type("REFUND").build()),
                rule("occurredAt", t -> copy(t).at("yesterday").build()),
                rule("occurredAt", t -> copy(t).at("2026-11-26T12:06:00Z").build()),
                rule("occurredAt", t -> copy(t).at("1970-01-01T00:00:00Z").build()),
                rule("currency", t -> copy(t).currency("XXY").build()),
                // an ISO 4217 code, but of no money: refused as a currency, not as "more decimals than XXX allows (-1)"
                rule("currency", t -> copy(t).currency("XXX").build()),
                rule("lines", t -> copy(t).lines(List.of()).build()),
                rule("lines[0].quantity", t -> copy(t).line(new TransactionRequest.Line("A", 0, "1.00", "0", "0", null)).build()),
                rule("lines[0].quantity", t -> copy(t).line(new TransactionRequest.Line("A", 10_001, "1.00", "0", "0", null)).build()),
                rule("lines[0].quantity", t -> copy(t).line(new TransactionRequest.Line("A", -1, "1.00", "0", "0", "RESTOCK")).build()),
                rule("lines[0].returnDisposition", t -> copy(t).type("RETURN").line(new TransactionRequest.Line("A", -1, "1.00", "0", "0", null)).build()),
                rule("lines[0].returnDisposition", t -> copy(t).line(new TransactionRequest.Line("A", 1, "1.00", "0", "0", "RESTOCK")).build()),
                rule("lines[0].unitPrice", t -> copy(t).line(new TransactionRequest.Line("A", 1, "1.001", "0", "0", null)).build()),
                rule("lines[0].unitPrice", t -> copy(t).line(new TransactionRequest.Line("A", 1, "abc", "0", "0", null)).build()),
                rule("lines[0].sku", t -> copy(t).line(new TransactionRequest.Line("", 1, "45.00", "0", "0", null)).build()),
                // the location|sku key separator, a spreadsheet formula, a Slack channel ping
                rule("lines[0].sku", t -> copy(t).line(new TransactionRequest.Line("A|B", 1, "45.00", "0", "0", null)).build()),
                rule("lines[0].sku", t -> copy(t).line(new TransactionRequest.Line("=1+2", 1, "45.00", "0", "0", null)).build()),
                rule("lines[0].sku", t -> copy(t).line(new TransactionRequest.Line("<!channel>", 1, "45.00", "0", "0", null)).build()),
                rule("tenders", t -> copy(t).tender("44.99").build()),
                rule("tenders[0].amount", t -> copy(t).tender("45.001").build()),
                rule("voidsTransactionId", t -> copy(t).voids("S001-T1").build()),
                rule("voidsTransactionId", t -> copy(t).type("VOID").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void shouldNameTheFieldThatBreaksARule(String field, TransactionRequest request) {
        List<FieldError> errors = validator.validate(request);
        assertThat(errors).extracting(FieldError::field).contains(field);
    }

    @Test
    void shouldRejectMinorUnitsTheCurrencyDoesNotHave() {
        TransactionRequest yen = copy(valid()).currency("JPY")
                .line(new TransactionRequest.Line("A", 1, "100.50", "0", "0", null)).tender("100.50").build();
        assertThat(validator.validate(yen)).extracting(FieldError::field).contains("lines[0].unitPrice", "tenders[0].amount");
    }

    private static Arguments rule(String field, UnaryOperator<TransactionRequest> change) {
        return Arguments.of(field, change.apply(valid()));
    }

    private static TransactionRequest with(UnaryOperator<TransactionRequest> change) {
        return change.apply(valid());
    }

    private static Builder copy(TransactionRequest t) {
        return new Builder(t);
    }

    /** Changes one thing of a valid request. */
    private static final class Builder {
        private String id;
        private String store;
        private String type;
        private String at;
        private String currency;
        private List<TransactionRequest.Line> lines;
        private List<TransactionRequest.Tender> tenders;
        private String voids;
        private final String till;

        Builder(TransactionRequest t) {
            id = t.transactionId();
            store = t.storeId();
            till = t.tillId();
            type = t.type();
            at = t.occurredAt();
            currency = t.currency();
            lines = new ArrayList<>(t.lines());
            tenders = new ArrayList<>(t.tenders());
            voids = t.voidsTransactionId();
        }

        Builder id(String v) { id = v; return this; }
        Builder store(String v) { store = v; return this; }
        Builder type(String v) { type = v; return this; }
        Builder at(String v) { at = v; return this; }
        Builder currency(String v) { currency = v; return this; }
        Builder lines(List<TransactionRequest.Line> v) { lines = v; return this; }
        Builder line(TransactionRequest.Line v) { lines = List.of(v); return this; }
        Builder tender(String amount) { tenders = List.of(new TransactionRequest.Tender("CARD", amount, null)); return this; }
        Builder voids(String v) { voids = v; return this; }
        Builder reference(String v) { tenders = List.of(new TransactionRequest.Tender("CARD", "45.00", v)); return this; }

        TransactionRequest build() {
            return new TransactionRequest(id, store, till, type, at, currency, lines, tenders, voids);
        }
    }
}
