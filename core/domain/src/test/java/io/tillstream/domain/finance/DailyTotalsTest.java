package io.tillstream.domain.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.stores.StoreInfo;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.Tender;
import io.tillstream.schemas.TenderTotals;
import io.tillstream.schemas.TransactionLine;
import io.tillstream.schemas.TransactionType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyTotalsTest {

    @Test
    void shouldShareASplitTenderSaleExactlyWithTheRemainderOnTheLastTender() {
        PosTransaction t = PosTransaction.newBuilder().setTransactionId("T1").setStoreId("S001").setTillId("T01")
                .setType(TransactionType.SALE).setOccurredAt(Instant.EPOCH).setReceivedAt(Instant.EPOCH)
                .setBusinessDate(LocalDate.EPOCH).setCurrency("GBP")
                .setLines(List.of(TransactionLine.newBuilder().setSku("A").setQuantity(1).setUnitPrice(money("10.00"))
                        .setDiscount(money("0")).setTax(money("1.67")).build()))
                .setTenders(List.of(tender("CASH", "3.33"), tender("CARD", "3.33"), tender("GIFT_CARD", "3.34")))
                .build();

        List<TenderTotals> parts = DailyTotals.contribution(t);

        assertThat(parts).extracting(TenderTotals::getMethod).containsExactly("CASH", "CARD", "GIFT_CARD");
        assertThat(parts).extracting(TenderTotals::getNet).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(money("3.33"), money("3.33"), money("3.34"));
        assertThat(parts.stream().map(TenderTotals::getGross).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("10");
        assertThat(parts.stream().map(TenderTotals::getTax).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("1.67");
    }

    @Test
    void shouldCloseAtTheStoresLocalCloseTimePlusGraceAcrossADstChange() {
        StoreInfo stockholm = new StoreInfo("S002", "Stockholm", ZoneId.of("Europe/Stockholm"), LocalTime.of(9, 0),
                LocalTime.of(22, 0));
        // summer (UTC+2) and winter (UTC+1): the same local close is a different instant
        assertThat(BusinessDay.closesAt(stockholm, LocalDate.parse("2026-07-01"), Duration.ofMinutes(30)))
                .isEqualTo(Instant.parse("2026-07-01T20:30:00Z"));
        assertThat(BusinessDay.closesAt(stockholm, LocalDate.parse("2026-11-26"), Duration.ofMinutes(30)))
                .isEqualTo(Instant.parse("2026-11-26T21:30:00Z"));
        assertThat(BusinessDay.openedAt(stockholm, Instant.parse("2026-11-26T08:30:00Z")))
                .contains(Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(BusinessDay.openedAt(stockholm, Instant.parse("2026-11-26T21:30:00Z"))).isEmpty();
    }

    private static Tender tender(String method, String amount) {
        return Tender.newBuilder().setMethod(method).setAmount(money(amount)).setReference(null).build();
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount).setScale(4);
    }
}
