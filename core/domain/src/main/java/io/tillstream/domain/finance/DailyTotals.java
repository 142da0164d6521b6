package io.tillstream.domain.finance;

import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TenderTotals;
import io.tillstream.schemas.TransactionLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finance batch arithmetic: what one transaction adds to its store's day, per tender method.
 * Net is the exact tender amount (what a provider settles). Gross, discounts, refunds and tax belong
 * to the transaction as a whole; a split-tender transaction shares them out in proportion to the
 * tender amounts, the rounding remainder going to the last tender so the day's sums stay exact.
 */
public final class DailyTotals {

    /** The scale of every amount on the topic (Avro decimal, scale 4). */
    static final int SCALE = 4;
    /** The method of a transaction that carried no tender at all (an even exchange). */
    static final String NO_TENDER = "NONE";

    private DailyTotals() {
    }

    public static DailyStoreTotals empty(String storeId, LocalDate businessDate, String currency) {
        return DailyStoreTotals.newBuilder().setStoreId(storeId).setBusinessDate(businessDate).setCurrency(currency)
                .setVersion(0).setFinal$(false).setTenders(List.of()).setComputedAt(Instant.EPOCH).build();
    }

    /** Per tender method, what the transaction adds to its day (count 1 per method it used). */
    public static List<TenderTotals> contribution(PosTransaction t) {
        BigDecimal gross = BigDecimal.ZERO;
        BigDecimal discounts = BigDecimal.ZERO;
        BigDecimal refunds = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (TransactionLine line : t.getLines()) {
            BigDecimal total = line.getUnitPrice().multiply(BigDecimal.valueOf(line.getQuantity()))
                    .subtract(line.getDiscount());
            if (line.getQuantity() > 0) {
                gross = gross.add(line.getUnitPrice().multiply(BigDecimal.valueOf(line.getQuantity())));
                discounts = discounts.add(line.getDiscount());
                tax = tax.add(line.getTax().abs());
            } else {
                // a returned line's total is negative: the refund is what leaves the till
                refunds = refunds.subtract(total);
                tax = tax.subtract(line.getTax().abs());
            }
        }
        Map<String, BigDecimal> byMethod = new LinkedHashMap<>();
        for (Tender tender : t.getTenders()) {
            byMethod.merge(tender.getMethod(), tender.getAmount(), BigDecimal::add);
        }
        if (byMethod.isEmpty()) {
            byMethod.put(NO_TENDER, BigDecimal.ZERO);
        }
        BigDecimal weight = byMethod.values().stream().map(BigDecimal::abs).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<String> methods = new ArrayList<>(byMethod.keySet());
        BigDecimal[] shares = {gross, discounts, refunds, tax};
        BigDecimal[] given = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        List<TenderTotals> result = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            boolean last = i == methods.size() - 1;
            BigDecimal amount = byMethod.get(methods.get(i));
            BigDecimal[] mine = new BigDecimal[shares.length];
            for (int f = 0; f < shares.length; f++) {
                mine[f] = last ? shares[f].subtract(given[f]) : share(shares[f], amount.abs(), weight, i);
                given[f] = given[f].add(mine[f]);
            }
            result.add(tender(methods.get(i), mine[0], mine[1], mine[2], amount, mine[3], 1));
        }
        return result;
    }

    /** The contribution taken back out, for a VOID of the transaction it names. */
    public static List<TenderTotals> reversed(List<TenderTotals> contribution) {
        return contribution.stream().map(c -> tender(c.getMethod(), c.getGross().negate(), c.getDiscounts().negate(),
                c.getRefunds().negate(), c.getNet().negate(), c.getTax().negate(), -c.getCount())).toList();
    }

    /** The day with a contribution added; the version and final flag are left as they were. */
    public static DailyStoreTotals add(DailyStoreTotals day, List<TenderTotals> contribution) {
        Map<String, TenderTotals> byMethod = new LinkedHashMap<>();
        day.getTenders().forEach(t -> byMethod.put(t.getMethod(), t));
        for (TenderTotals c : contribution) {
            byMethod.merge(c.getMethod(), c, (a, b) -> tender(a.getMethod(), a.getGross().add(b.getGross()),
                    a.getDiscounts().add(b.getDiscounts()), a.getRefunds().add(b.getRefunds()),
                    a.getNet().add(b.getNet()), a.getTax().add(b.getTax()), a.getCount() + b.getCount()));
        }
        List<TenderTotals> tenders = new ArrayList<>(byMethod.values());
        tenders.sort(Comparator.comparing(TenderTotals::getMethod));
        return DailyStoreTotals.newBuilder(day).setTenders(tenders).build();
    }

    /** The day as published: the next version, final. Every publication after the first is an amendment. */
    public static DailyStoreTotals publish(DailyStoreTotals day, Instant now) {
        return DailyStoreTotals.newBuilder(day).setVersion(day.getVersion() + 1).setFinal$(true).setComputedAt(now)
                .build();
    }

    /** Net of one tender method on the day; zero when the method was not used. */
    public static BigDecimal net(DailyStoreTotals day, String method) {
        return day.getTenders().stream().filter(t -> t.getMethod().equals(method)).map(TenderTotals::getNet)
                .findFirst().orElse(BigDecimal.ZERO.setScale(SCALE));
    }

    private static BigDecimal share(BigDecimal total, BigDecimal part, BigDecimal weight, int index) {
        if (weight.signum() == 0) {
            // nothing tendered: the first method carries the figures
            return index == 0 ? total : BigDecimal.ZERO;
        }
        return total.multiply(part).divide(weight, SCALE, RoundingMode.HALF_EVEN);
    }

    private static TenderTotals tender(String method, BigDecimal gross, BigDecimal discounts, BigDecimal refunds,
                                       BigDecimal net, BigDecimal tax, int count) {
        return TenderTotals.newBuilder().setMethod(method).setGross(scaled(gross)).setDiscounts(scaled(discounts))
                .setRefunds(scaled(refunds)).setNet(scaled(net)).setTax(scaled(tax)).setCount(count).build();
    }

    private static BigDecimal scaled(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}
