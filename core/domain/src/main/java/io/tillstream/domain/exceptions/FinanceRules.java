package io.tillstream.domain.exceptions;

import io.tillstream.domain.finance.DailyTotals;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Finance's exceptions: late transactions, payouts missing or not matching the tills, mixed currencies. Pure. */
public final class FinanceRules {

    /** The tender method a provider's payouts are matched against. */
    public static final String SETTLED_METHOD = "CARD";
    /** The tender method the store's bank deposits are matched against. */
    public static final String DEPOSITED_METHOD = "CASH";
    /** The provider of a settlement that is a store's bank deposit of its cash, not a card payout. */
    public static final String DEPOSIT_PROVIDER = "CASH";

    static final String LATE_RUNBOOK = "A till posted a transaction after its store's business day had closed "
            + "(a till that was offline, or a clock problem). The day's totals were amended: re-import the latest "
            + "version of finance.daily-totals.v1 for this store and day into the ledger and check the till's "
            + "clock and connectivity. It resolves when a settlement for the day posted after the amendment "
            + "matches the amended card tenders (POST /v1/settlements; a day without card payouts: a zero payout).";
    static final String CLOSED_MONTH_RUNBOOK = " The month was closed already: leave the closed month as signed off and "
            + "post the difference (GET /v1/finance/journal for the day, before and after) in the next open period.";
    static final String SETTLEMENT_RUNBOOK = "The provider's payout (amount + fees) for this store and day "
            + "differs from the card tenders the tills recorded. Compare the provider's report with the day's "
            + "transactions (GET /v1/finance/daily-totals): a missing or late transaction amends the totals, a "
            + "provider error needs a corrected settlement (POST /v1/settlements). It resolves when they match.";
    static final String MISSING_RUNBOOK = "The tills took card payments on this store-day, but no provider "
            + "payout for it arrived by its due date. Look for the payout in the provider's portal: a payout held "
            + "(account review, a chargeback reserve) or paid into another account needs the provider; a payout "
            + "that arrived but was not imported needs its report posted (POST /v1/settlements). It resolves when "
            + "a settlement for the day arrives; SETTLEMENT_MISMATCH then compares the amounts.";
    static final String DEPOSIT_RUNBOOK = "The cash the store banked for this day differs from the cash tenders "
            + "the tills recorded (cash over or short). Count the day's cash-up sheet against the deposit slip: "
            + "a till error or a missing transaction is the store's to explain (an amendment changes the day), a "
            + "bank error needs the bank's corrected slip (POST /v1/settlements, provider CASH). It resolves when "
            + "they match.";
    static final String DEPOSIT_MISSING_RUNBOOK = "The tills took cash on this store-day, but no bank deposit for "
            + "it was recorded by its due banking day. Ask the store for the deposit slip: cash still in the safe "
            + "must be banked; a deposit made but not recorded needs its slip posted (POST /v1/settlements, "
            + "provider CASH). It resolves when a deposit for the day arrives.";
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
     * (see {@link #lateTransactionSettled}). For a day whose month finance has closed already, the books
     * it signed off have changed: HIGH, and the runbook says how to carry the difference.
     *
     * @param monthClosedAt when the day's month was closed; empty while it is open
     */
    public static ReconciliationException lateTransaction(ReconciliationException current, PosTransaction t,
                                                          Instant closedAt, int amendedVersion,
                                                          Optional<Instant> monthClosedAt, Instant now) {
        String day = dayKey(t.getStoreId(), t.getBusinessDate());
        String version = amendedVersion > 0 ? "amended to version " + amendedVersion
                : "included in the first version";
        String month = monthClosedAt.map(at -> "; its month " + YearMonth.from(t.getBusinessDate())
                + " was closed at " + at + ", so the month's journal has changed since its close").orElse("");
        return ExceptionRules.raise(current, ExceptionType.LATE_TRANSACTION, Owner.FINANCE,
                monthClosedAt.isPresent() ? Severity.HIGH : Severity.MEDIUM, day,
                t.getStoreId(), null, "received by " + closedAt, "received " + t.getReceivedAt(),
                "Transaction " + t.getTransactionId() + " of " + t.getStoreId() + " for " + t.getBusinessDate()
                        + " arrived at " + t.getReceivedAt() + ", after the day closed at " + closedAt
                        + "; the day's totals were " + version + month,
                monthClosedAt.isPresent() ? LATE_RUNBOOK + CLOSED_MONTH_RUNBOOK : LATE_RUNBOOK, now);
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
        return compared(Channel.CARD, day, Channel.CARD.of(settlements)).filter(p -> p.within(tolerance))
                .flatMap(p -> ExceptionRules.resolve(late, "settled on the amended day: payout " + plain(p.paid())
                        + " matches card tenders " + plain(p.tenders()) + " (totals version " + day.getVersion()
                        + ")", now));
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

    /** Whether the day still waits for money of the channel: published, owed something, and none arrived. */
    public static boolean awaiting(Channel channel, DailyStoreTotals day, List<Settlement> settlements) {
        return day.getVersion() > 0 && channel.of(settlements).isEmpty()
                && DailyTotals.net(day, channel.method).signum() != 0;
    }

    /**
     * How a tender's money reaches the bank, and the exceptions that watch it: card payments by a
     * provider's payout, cash by the store's bank deposit, which is a settlement whose provider is
     * {@value #DEPOSIT_PROVIDER} (a deposit slip, posted like a payout line).
     */
    public enum Channel {
        CARD(SETTLED_METHOD, ExceptionType.SETTLEMENT_MISMATCH, ExceptionType.SETTLEMENT_MISSING, "payout",
                "card tenders", SETTLEMENT_RUNBOOK, MISSING_RUNBOOK),
        CASH(DEPOSITED_METHOD, ExceptionType.DEPOSIT_MISMATCH, ExceptionType.DEPOSIT_MISSING, "deposit",
                "cash tenders", DEPOSIT_RUNBOOK, DEPOSIT_MISSING_RUNBOOK);

        private final String method;
        private final ExceptionType mismatch;
        private final ExceptionType missing;
        private final String money;
        private final String tenders;
        private final String mismatchRunbook;
        private final String missingRunbook;

        Channel(String method, ExceptionType mismatch, ExceptionType missing, String money, String tenders,
                String mismatchRunbook, String missingRunbook) {
            this.method = method;
            this.mismatch = mismatch;
            this.missing = missing;
            this.money = money;
            this.tenders = tenders;
            this.mismatchRunbook = mismatchRunbook;
            this.missingRunbook = missingRunbook;
        }

        public ExceptionType mismatchType() {
            return mismatch;
        }

        public ExceptionType missingType() {
            return missing;
        }

        /** The settlements of this channel among a day's. */
        List<Settlement> of(List<Settlement> settlements) {
            return settlements.stream()
                    .filter(s -> DEPOSIT_PROVIDER.equals(s.getProvider()) == (this == CASH)).toList();
        }
    }

    /**
     * The money of a channel for one store and day against the day's net of its tender: SETTLEMENT_MISMATCH
     * (card payouts against card tenders) or DEPOSIT_MISMATCH (the cash banked against the cash tenders:
     * cash over or short). Resolved when they agree within the tolerance.
     */
    public static Optional<ReconciliationException> mismatch(Channel channel, ReconciliationException current,
                                                             DailyStoreTotals day, List<Settlement> all,
                                                             BigDecimal tolerance, Instant now) {
        List<Settlement> settlements = channel.of(all);
        String subject = dayKey(day.getStoreId(), day.getBusinessDate());
        String money = channel.money.substring(0, 1).toUpperCase() + channel.money.substring(1);
        List<String> foreign = foreignCurrencies(day, settlements);
        if (!foreign.isEmpty() && day.getVersion() > 0) {
            // amounts in two currencies cannot be compared, so this is never settled by them
            return Optional.of(ExceptionRules.raise(current, channel.mismatch, Owner.FINANCE,
                    Severity.HIGH, subject, day.getStoreId(), null, day.getCurrency(), String.join(",", foreign),
                    money + " for " + subject + " is in " + String.join(", ", foreign) + " but the day's "
                            + channel.tenders + " are in " + day.getCurrency(), channel.mismatchRunbook, now));
        }
        Optional<Compared> compared = compared(channel, day, settlements);
        if (compared.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal paid = compared.get().paid();
        BigDecimal tenders = compared.get().tenders();
        BigDecimal difference = paid.subtract(tenders);
        String evidence = channel.money + " " + plain(paid) + " vs " + channel.tenders + " " + plain(tenders)
                + " (totals version " + day.getVersion() + ")";
        if (compared.get().within(tolerance)) {
            return ExceptionRules.resolve(current, evidence, now);
        }
        return Optional.of(ExceptionRules.raise(current, channel.mismatch, Owner.FINANCE,
                Severity.HIGH, subject, day.getStoreId(), null, plain(tenders), plain(paid),
                money + " for " + subject + " differs from the " + channel.tenders + " by " + plain(difference)
                        + ": " + evidence, channel.mismatchRunbook, now));
    }

    /**
     * SETTLEMENT_MISSING or DEPOSIT_MISSING: a published store-day took card payments (cash) and no payout
     * (deposit) for it arrived by {@code dueBy}. Empty while nothing is owed or due yet; resolved once the
     * money arrives (the mismatch check then compares the amounts) or an amendment leaves nothing to bank.
     */
    public static Optional<ReconciliationException> missing(Channel channel, ReconciliationException current,
                                                            DailyStoreTotals day, List<Settlement> all,
                                                            Instant dueBy, Instant now) {
        List<Settlement> settlements = channel.of(all);
        BigDecimal owed = DailyTotals.net(day, channel.method);
        if (!settlements.isEmpty()) {
            return ExceptionRules.resolve(current, channel.money + " arrived from " + settlements.stream()
                    .map(Settlement::getProvider).distinct().sorted().reduce((a, b) -> a + ", " + b).orElseThrow(), now);
        }
        if (owed.signum() == 0) {
            return ExceptionRules.resolve(current, "no " + channel.tenders + " left to bank (totals version "
                    + day.getVersion() + ")", now);
        }
        if (day.getVersion() == 0 || now.isBefore(dueBy)) {
            return Optional.empty();
        }
        String subject = dayKey(day.getStoreId(), day.getBusinessDate());
        String detail = "No " + channel.money + " for " + subject + " by " + dueBy + ": the tills took "
                + plain(owed) + " " + day.getCurrency() + " in " + channel.tenders + " (totals version "
                + day.getVersion() + ")";
        if (current != null && current.getStatus() == ExceptionStatus.OPEN && detail.equals(current.getDetail())) {
            return Optional.empty(); // told already; an amendment of the day tells again with its figures
        }
        return Optional.of(ExceptionRules.raise(current, channel.missing, Owner.FINANCE, Severity.HIGH, subject,
                day.getStoreId(), null, "a " + channel.money + " by " + dueBy, "none", detail,
                channel.missingRunbook, now));
    }

    private static List<String> foreignCurrencies(DailyStoreTotals day, List<Settlement> settlements) {
        return settlements.stream().map(Settlement::getCurrency).filter(c -> !c.equals(day.getCurrency()))
                .distinct().sorted().toList();
    }

    /** What arrived for a store-day's tender (amount + fees, every provider of the channel) beside its net. */
    private record Compared(BigDecimal paid, BigDecimal tenders) {
        boolean within(BigDecimal tolerance) {
            return paid.subtract(tenders).abs().compareTo(tolerance) <= 0;
        }
    }

    /** Nothing to compare before the day has money of the channel and published totals, nor across currencies. */
    private static Optional<Compared> compared(Channel channel, DailyStoreTotals day, List<Settlement> settlements) {
        if (settlements.isEmpty() || day.getVersion() == 0 || !foreignCurrencies(day, settlements).isEmpty()) {
            return Optional.empty();
        }
        BigDecimal paid = settlements.stream().map(s -> s.getAmount().add(s.getFees()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return Optional.of(new Compared(paid, DailyTotals.net(day, channel.method)));
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
