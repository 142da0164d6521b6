package io.tillstream.domain.finance;

import io.tillstream.domain.exceptions.FinanceRules;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.TenderTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The postings of a store-day for the general ledger, from its daily totals: balanced (debits equal
 * credits), in the day's currency, amounts at two decimals. Prices at the tills include VAT, so the
 * day's gross sales are credited as they are and the VAT they hold is moved to output VAT; discounts
 * and refunds are their own contra-revenue accounts; each tender is debited to its clearing account
 * (what the provider or the bank will settle); whatever the tenders paid beyond or short of the lines
 * is a till difference, posted rather than lost.
 *
 * <p>The money's side ({@link #of(Settlement)}): a provider's payout reaches the bank and its fees are an
 * expense, both out of the card clearing account; cash banked leaves the tills' cash. What stays on a
 * clearing account is money the tills took that has not arrived (or arrived short).
 *
 * <p>Not here yet, and said so in docs/operations.md: sales split by VAT rate (the till events carry the
 * tax amount, not its rate).
 */
public final class Journal {

    /** The chart of accounts the postings use: common retail codes, to be mapped onto the brand's own. */
    public enum Account {
        CASH("1000", "Cash in tills"),
        BANK("1100", "Bank"),
        CARD_CLEARING("1210", "Card clearing"),
        OTHER_TENDER_CLEARING("1290", "Other tender clearing"),
        OUTPUT_VAT("2610", "Output VAT"),
        SALES("4000", "Sales"),
        DISCOUNTS("4010", "Discounts given"),
        REFUNDS("4020", "Refunds given"),
        PAYMENT_FEES("6100", "Payment fees"),
        TILL_DIFFERENCE("6990", "Till differences (over/short)");

        private final String code;
        private final String title;

        Account(String code, String title) {
            this.code = code;
            this.title = title;
        }

        public String code() {
            return code;
        }

        public String title() {
            return title;
        }
    }

    /** One line of the journal: a debit or a credit (the other is zero), never negative. */
    public record Posting(LocalDate businessDate, String storeId, String currency, Account account, String text,
                          BigDecimal debit, BigDecimal credit) {
    }

    private static final int SCALE = 2;

    private Journal() {
    }

    public static List<Posting> of(DailyStoreTotals day) {
        // rounded to the cent first, so that the postings balance exactly as they are written
        BigDecimal gross = BigDecimal.ZERO;
        BigDecimal discounts = BigDecimal.ZERO;
        BigDecimal refunds = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        List<Posting> tenders = new ArrayList<>();
        for (TenderTotals t : day.getTenders()) {
            gross = gross.add(cents(t.getGross()));
            discounts = discounts.add(cents(t.getDiscounts()));
            refunds = refunds.add(cents(t.getRefunds()));
            tax = tax.add(cents(t.getTax()));
            paid = paid.add(cents(t.getNet()));
            tenders.add(posting(day, clearing(t.getMethod()), t.getMethod() + " tenders (" + t.getCount()
                    + " transactions)", cents(t.getNet())));
        }
        List<Posting> postings = new ArrayList<>();
        postings.add(posting(day, Account.SALES, "Sales, VAT included", gross.negate()));
        postings.add(posting(day, Account.SALES, "VAT included in sales", tax));
        postings.add(posting(day, Account.OUTPUT_VAT, "Output VAT on the day's sales less returns", tax.negate()));
        postings.add(posting(day, Account.DISCOUNTS, "Discounts given", discounts));
        postings.add(posting(day, Account.REFUNDS, "Refunds given", refunds));
        postings.addAll(tenders);
        // the lines' total against what the tenders paid: a till paid more (over) or less (short)
        BigDecimal difference = gross.subtract(discounts).subtract(refunds).subtract(paid);
        postings.add(posting(day, Account.TILL_DIFFERENCE, difference.signum() >= 0 ? "Till short" : "Till over",
                difference));
        return postings.stream().filter(p -> p.debit().signum() != 0 || p.credit().signum() != 0).toList();
    }

    private static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /**
     * A payout line (dated by the store-day it settles): the bank receives the amount, the fees are an
     * expense, and the clearing account of its tender gives up both. Cash banked ({@code CASH}) comes out
     * of the tills' cash.
     */
    public static List<Posting> of(Settlement settlement) {
        boolean cash = FinanceRules.DEPOSIT_PROVIDER.equals(settlement.getProvider());
        BigDecimal amount = cents(settlement.getAmount());
        BigDecimal fees = cents(settlement.getFees());
        String source = settlement.getProvider() + (settlement.getReference() == null ? ""
                : " " + settlement.getReference());
        List<Posting> postings = new ArrayList<>();
        postings.add(posting(settlement, Account.BANK, (cash ? "Cash banked, " : "Payout, ") + source, amount));
        postings.add(posting(settlement, Account.PAYMENT_FEES, "Fees, " + source, fees));
        postings.add(posting(settlement, cash ? Account.CASH : Account.CARD_CLEARING, "Settled by " + source,
                amount.add(fees).negate()));
        return postings.stream().filter(p -> p.debit().signum() != 0 || p.credit().signum() != 0).toList();
    }

    /** A positive amount is a debit, a negative one a credit. */
    private static Posting posting(DailyStoreTotals day, Account account, String text, BigDecimal rounded) {
        return posting(day.getBusinessDate(), day.getStoreId(), day.getCurrency(), account, text, rounded);
    }

    private static Posting posting(Settlement s, Account account, String text, BigDecimal rounded) {
        return posting(s.getBusinessDate(), s.getStoreId(), s.getCurrency(), account, text, rounded);
    }

    private static Posting posting(LocalDate date, String storeId, String currency, Account account, String text,
                                   BigDecimal rounded) {
        return new Posting(date, storeId, currency, account, text,
                rounded.signum() > 0 ? rounded : BigDecimal.ZERO.setScale(SCALE),
                rounded.signum() < 0 ? rounded.negate() : BigDecimal.ZERO.setScale(SCALE));
    }

    private static Account clearing(String method) {
        return switch (method) {
            case "CASH" -> Account.CASH;
            case "CARD" -> Account.CARD_CLEARING;
            default -> Account.OTHER_TENDER_CLEARING;
        };
    }
}
