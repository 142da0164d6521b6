package io.tillstream.domain.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/**
 * What counts as money at the edges (a till's sale, a payout line): the one rule pos-ingest and
 * reconciliation both apply, which had diverged (a till's XXX got "more decimals than XXX allows (-1)").
 */
public final class Money {

    private Money() {
    }

    /**
     * The currency of an ISO 4217 code that money is paid in. XXX, XAU, XTS and their kind are ISO 4217
     * codes too, but with no minor units (Java says -1): no sale or payout is made in them.
     */
    public static Optional<Currency> currency(String code) {
        if (code == null) {
            return Optional.empty();
        }
        try {
            Currency currency = Currency.getInstance(code);
            return currency.getDefaultFractionDigits() >= 0 ? Optional.of(currency) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What is wrong with an amount in this currency, if anything: more decimals than its minor units. */
    public static Optional<String> minorUnitsProblem(BigDecimal amount, Currency currency) {
        if (amount.scale() <= currency.getDefaultFractionDigits()) {
            return Optional.empty();
        }
        return Optional.of("has more decimals than " + currency.getCurrencyCode() + " allows ("
                + currency.getDefaultFractionDigits() + ")");
    }
}
