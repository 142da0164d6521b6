package io.tillstream.domain.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void shouldTakeTheCurrenciesMoneyIsPaidInOnly() {
        assertThat(Money.currency("GBP")).contains(Currency.getInstance("GBP"));
        assertThat(Money.currency("JPY")).contains(Currency.getInstance("JPY"));
        assertThat(Money.currency("XXX")).as("no currency: no minor units").isEmpty();
        assertThat(Money.currency("XAU")).as("gold").isEmpty();
        assertThat(Money.currency("XXY")).isEmpty();
        assertThat(Money.currency("gbp")).isEmpty();
        assertThat(Money.currency(null)).isEmpty();
    }

    @Test
    void shouldRefuseMoreDecimalsThanTheMinorUnits() {
        Currency gbp = Currency.getInstance("GBP");
        Currency jpy = Currency.getInstance("JPY");
        assertThat(Money.minorUnitsProblem(new BigDecimal("25.00"), gbp)).isEmpty();
        assertThat(Money.minorUnitsProblem(new BigDecimal("1.001"), gbp)).contains("has more decimals than GBP allows (2)");
        assertThat(Money.minorUnitsProblem(new BigDecimal("100"), jpy)).isEmpty();
        assertThat(Money.minorUnitsProblem(new BigDecimal("100.5"), jpy)).contains("has more decimals than JPY allows (0)");
    }
}
