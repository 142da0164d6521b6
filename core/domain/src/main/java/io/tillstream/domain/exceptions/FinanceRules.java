package io.tillstream.domain.exceptions;

import io.tillstream.domain.finance.DailyTotals;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Finance's exceptions: late transactions, settlements that do not match the tills, mixed currencies. Pure. */
public final class FinanceRules {

    /** The tender method a provider's payouts are matched against. */
    public static final String SETTLED_METHOD = "CARD";

    static final String LATE_RUNBOOK = "A till posted a transaction after its store's business day had closed "
            + "(a till that was offline, or a clock problem). The day's totals were amended: re-import the latest "
            + "version of finance.daily-totals.v1 for this store and day into the ledger and check the till's "
            + "clock and connectivity. It resolves when a settlement for the day posted after the amendment "
            + "matches the amended card tenders (POST /v1/settlements; a day without card payouts: a zero payout).";
    static final String SETTLEMENT_RUNBOOK = "The provider's payout (amount + fees) for this store and day "
            + "differs from the card tenders the tills recorded. Compare the provider's report with the day's "
            + "transactions (GET /v1/finance/daily-totals): a missing or late transaction amends the totals, a "
            + "provider error needs a corrected settlement (POST /v1/settlements). It resolves when they match.";
    static final String ID_REUSED_RUNBOOK = "A till sent a transaction id it had used before for another "
            + "transaction (its counter was reset, or a backup restored). Ids make re-posts safe, so the second "
            + "one was taken for a re-post and counted nowhere: not in the stock ledger, not in the day's totals. "
            + "Integration: fix the till's id sequence; retail ops and finance: post the missing sale again under "
            + "a new id. It stays open as the record of it.";
    static final String CURRENCY_RUNBOOK = "A till posted a transaction in another currency than the rest of its "
            + "store's day (a till set up for the wrong country, or a foreign-currency sale the till did not "
            + "convert). It is not in the day's totals: book it by hand, and have the till configured to the store's "
            + "currency. It stays open as the record of that transaction; a later one moves it on.";

    private FinanceRules() {
    }

    public static String dayKey(String storeId, Object businessDate) {
        return storeId + "|" + businessDate;
    }

    /**
     * LATE_TRANSACTION: open until the day's books and payouts agree again on the amended figures
     * (see {@link #lateTransactionSettled}).
     */
    public static ReconciliationException lateTransaction(ReconciliationException current, PosTransaction t,
                                                          Instant closedAt, int amendedVersion, Instant now) {
        String day = dayKey(t.getStoreId(), t.getBusinessDate());
        String version = amendedVersion > 0 ? "amended to version " + amendedVersion
                : "included in the first version";
        return ExceptionRules.raise(current, ExceptionType.LATE_TRANSACTION, Owner.FINANCE, Severity.MEDIUM, day,
                t.getStoreId(), null, "received by " + closedAt, "received " + t.getReceivedAt(),
                "Transaction " + t.getTransactionId() + " of " + t.getStoreId() + " for " + t.getBusinessDate()
                        + " arrived at " + t.getReceivedAt() + ", after the day closed at " + closedAt
                        + "; the day's totals were " + version,
                LATE_RUNBOOK, now);
    }

    /**
     * A late transaction's day is settled again when a settlement check after the amendment finds the
     * payouts matching the amended card tenders: that is the point where finance's books, the tills and
     * the provider agree. The evidence names the figures and the totals version they were matched on.
     */
    public static Optional<ReconciliationException> lateTransactionSettled(ReconciliationException late,
                                                                           DailyStoreTotals day,
                                                                           List<Settlement> settlements,
                                                                           BigDecimal tolerance, Instant now) {
        return payouts(day, settlements).filter(p -> p.within(tolerance)).flatMap(p -> ExceptionRules.resolve(late,
                "settled on the amended day: payout " + plain(p.payout()) + " matches card tenders "
                        + plain(p.tenders()) + " (totals version " + day.getVersion() + ")", now));
    }

    /**
     * CURRENCY_MISMATCH: a transaction in another currency than its store-day's (the day takes the
     * currency of its first transaction). Adding it would sum pounds and kronor, so it is left out of
     * the totals and shown to finance instead.
     */
    public static ReconciliationException currencyMismatch(ReconciliationException current, DailyStoreTotals day,
                                                           PosTransaction t, Instant now) {
        String subject = dayKey(day.getStoreId(), day.getBusinessDate());
        return ExceptionRules.raise(current, ExceptionType.CURRENCY_MISMATCH, Owner.FINANCE, Severity.HIGH, subject,
                day.getStoreId(), null, day.getCurrency(), t.getCurrency(), "Transaction " + t.getTransactionId()
                        + " is in " + t.getCurrency() + " but " + subject + " is in " + day.getCurrency()
                        + "; it is not in the day's totals", CURRENCY_RUNBOOK, now);
    }

    /** A re-post of the same transaction: equal in everything but when pos-ingest received it. */
    public static boolean sameTransaction(PosTransaction counted, PosTransaction again) {
        return PosTransaction.newBuilder(again).setReceivedAt(counted.getReceivedAt()).build().equals(counted);
    }

    /**
     * TRANSACTION_ID_REUSED: an id arrived again with other content. Only the first is counted (in the
     * totals and in the ledger), so the second sale is missing from both until someone books it.
     */
    public static ReconciliationException transactionIdReused(ReconciliationException current,
                                                              PosTransaction counted, PosTransaction again,
                                                              Instant now) {
        String subject = counted.getStoreId() + "|" + counted.getTransactionId();
        return ExceptionRules.raise(current, ExceptionType.TRANSACTION_ID_REUSED, Owner.INTEGRATION, Severity.HIGH,
                subject, counted.getStoreId(), null, "one transaction per id",
                "a second " + again.getType() + " of " + again.getOccurredAt(), "Transaction id "
                        + counted.getTransactionId() + " of " + counted.getStoreId() + " came again with other content ("
                        + again.getType() + " at " + again.getOccurredAt() + ", first " + counted.getType() + " at "
                        + counted.getOccurredAt() + "); only the first is counted", ID_REUSED_RUNBOOK, now);
    }

    /** SETTLEMENT_MISMATCH for one store and day: the payouts against the day's card net. */
    public static Optional<ReconciliationException> settlementMismatch(ReconciliationException current,
                                                                       DailyStoreTotals day,
                                                                       List<Settlement> settlements,
                                                                       BigDecimal tolerance, Instant now) {
        String subject = dayKey(day.getStoreId(), day.getBusinessDate());
        List<String> foreign = foreignCurrencies(day, settlements);
        if (!foreign.isEmpty() && day.getVersion() > 0) {
            // amounts in two currencies cannot be compared, so this is never settled by them
            return Optional.of(ExceptionRules.raise(current, ExceptionType.SETTLEMENT_MISMATCH, Owner.FINANCE,
                    Severity.HIGH, subject, day.getStoreId(), null, day.getCurrency(), String.join(",", foreign),
                    "Payout for " + subject + " is in " + String.join(", ", foreign) + " but the day's card tenders"
                            + " are in " + day.getCurrency(), SETTLEMENT_RUNBOOK, now));
        }
        Optional<Payouts> compared = payouts(day, settlements);
        if (compared.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal payout = compared.get().payout();
        BigDecimal tenders = compared.get().tenders();
        BigDecimal difference = payout.subtract(tenders);
        String evidence = "payout " + plain(payout) + " vs card tenders " + plain(tenders) + " (totals version "
                + day.getVersion() + ")";
        if (compared.get().within(tolerance)) {
            return ExceptionRules.resolve(current, evidence, now);
        }
        return Optional.of(ExceptionRules.raise(current, ExceptionType.SETTLEMENT_MISMATCH, Owner.FINANCE,
                Severity.HIGH, subject, day.getStoreId(), null, plain(tenders), plain(payout),
                "Payout for " + subject + " differs from the card tenders by " + plain(difference) + ": " + evidence,
                SETTLEMENT_RUNBOOK, now));
    }

    private static List<String> foreignCurrencies(DailyStoreTotals day, List<Settlement> settlements) {
        return settlements.stream().map(Settlement::getCurrency).filter(c -> !c.equals(day.getCurrency()))
                .distinct().sorted().toList();
    }

    /** A store-day's payouts (amount + fees, every provider) beside its card net. */
    private record Payouts(BigDecimal payout, BigDecimal tenders) {
        boolean within(BigDecimal tolerance) {
            return payout.subtract(tenders).abs().compareTo(tolerance) <= 0;
        }
    }

    /** Nothing to compare before the day has settlements and published totals, nor across currencies. */
    private static Optional<Payouts> payouts(DailyStoreTotals day, List<Settlement> settlements) {
        if (settlements.isEmpty() || day.getVersion() == 0 || !foreignCurrencies(day, settlements).isEmpty()) {
            return Optional.empty();
        }
        BigDecimal payout = settlements.stream().map(s -> s.getAmount().add(s.getFees()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return Optional.of(new Payouts(payout, DailyTotals.net(day, SETTLED_METHOD)));
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
