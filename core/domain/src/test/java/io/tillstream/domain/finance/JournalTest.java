package io.tillstream.domain.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.TenderTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");

    @Test
    void shouldPostADaysSalesVatDiscountsRefundsAndTendersBalanced() {
        // CARD: two tees at 25.00 less 5.00, VAT 7.50 inside, paid 45.00; CASH: a 20.00 sale (VAT 3.33) and a
        // 12.00 refund (VAT 2.00 back), paid 8.00 net
        DailyStoreTotals day = day(tender("CARD", "50.00", "5.00", "0", "45.00", "7.50", 1),
                tender("CASH", "20.00", "0", "12.00", "8.00", "1.33", 2));

        List<Journal.Posting> postings = Journal.of(day);

        assertThat(total(postings, true)).isEqualByComparingTo(total(postings, false));
        assertThat(line(postings, Journal.Account.SALES, false)).isEqualByComparingTo("70.00");
        assertThat(line(postings, Journal.Account.SALES, true)).as("the VAT moved out").isEqualByComparingTo("8.83");
        assertThat(line(postings, Journal.Account.OUTPUT_VAT, false)).isEqualByComparingTo("8.83");
        assertThat(line(postings, Journal.Account.DISCOUNTS, true)).isEqualByComparingTo("5.00");
        assertThat(line(postings, Journal.Account.REFUNDS, true)).isEqualByComparingTo("12.00");
        assertThat(line(postings, Journal.Account.CARD_CLEARING, true)).isEqualByComparingTo("45.00");
        assertThat(line(postings, Journal.Account.CASH, true)).isEqualByComparingTo("8.00");
        assertThat(postings).noneMatch(p -> p.account() == Journal.Account.TILL_DIFFERENCE);
        assertThat(postings).allMatch(p -> p.currency().equals("GBP") && p.storeId().equals("S001")
                && p.businessDate().equals(DAY));
    }

    @Test
    void shouldPostWhatTheTendersPaidBeyondTheLinesAsATillDifferenceAndRefundDaysAsCredits() {
        // the till took 45.01 for 45.00 of lines; another day only refunded
        List<Journal.Posting> over = Journal.of(day(tender("CARD", "50.00", "5.00", "0", "45.01", "7.50", 1)));
        assertThat(total(over, true)).isEqualByComparingTo(total(over, false));
        assertThat(line(over, Journal.Account.TILL_DIFFERENCE, false)).isEqualByComparingTo("0.01");

        List<Journal.Posting> refundsOnly = Journal.of(day(tender("CARD", "0", "0", "30.00", "-30.00", "-5.00", 1)));
        assertThat(total(refundsOnly, true)).isEqualByComparingTo(total(refundsOnly, false));
        assertThat(line(refundsOnly, Journal.Account.CARD_CLEARING, false)).as("money back to the card")
                .isEqualByComparingTo("30.00");
        assertThat(line(refundsOnly, Journal.Account.OUTPUT_VAT, true)).as("VAT given back").isEqualByComparingTo("5.00");
        assertThat(refundsOnly).allMatch(p -> p.debit().signum() >= 0 && p.credit().signum() >= 0);
    }

    @Test
    void shouldPostAPayoutToTheBankWithItsFeesOutOfCardClearingAndCashBankedOutOfTheTills() {
        List<Journal.Posting> payout = Journal.of(settlement("ADYEN", "44.10", "0.90"));
        assertThat(total(payout, true)).isEqualByComparingTo(total(payout, false));
        assertThat(line(payout, Journal.Account.BANK, true)).isEqualByComparingTo("44.10");
        assertThat(line(payout, Journal.Account.PAYMENT_FEES, true)).isEqualByComparingTo("0.90");
        assertThat(line(payout, Journal.Account.CARD_CLEARING, false)).as("the day's 45.00 of card tenders")
                .isEqualByComparingTo("45.00");

        List<Journal.Posting> banked = Journal.of(settlement("CASH", "8.00", "0"));
        assertThat(line(banked, Journal.Account.BANK, true)).isEqualByComparingTo("8.00");
        assertThat(line(banked, Journal.Account.CASH, false)).isEqualByComparingTo("8.00");
        assertThat(banked).hasSize(2);
    }

    private static Settlement settlement(String provider, String amount, String fees) {
        return Settlement.newBuilder().setProvider(provider).setStoreId("S001").setBusinessDate(DAY).setCurrency("GBP")
                .setAmount(amount(amount)).setFees(amount(fees)).setReference("p-1").setReceivedAt(Instant.EPOCH).build();
    }

    private static BigDecimal total(List<Journal.Posting> postings, boolean debit) {
        return postings.stream().map(p -> debit ? p.debit() : p.credit()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal line(List<Journal.Posting> postings, Journal.Account account, boolean debit) {
        return postings.stream().filter(p -> p.account() == account).map(p -> debit ? p.debit() : p.credit())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static DailyStoreTotals day(TenderTotals... tenders) {
        return DailyStoreTotals.newBuilder().setStoreId("S001").setBusinessDate(DAY).setCurrency("GBP").setVersion(1)
                .setFinal$(true).setTenders(List.of(tenders)).setComputedAt(Instant.EPOCH).build();
    }

    private static TenderTotals tender(String method, String gross, String discounts, String refunds, String net,
                                       String tax, int count) {
        return TenderTotals.newBuilder().setMethod(method).setGross(amount(gross)).setDiscounts(amount(discounts))
                .setRefunds(amount(refunds)).setNet(amount(net)).setTax(amount(tax)).setCount(count).build();
    }

    private static BigDecimal amount(String value) {
        return new BigDecimal(value).setScale(4);
    }
}
