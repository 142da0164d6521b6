package io.tillstream.domain.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.domain.stores.StoreInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BusinessDayTest {

    private static final StoreInfo NEW_YORK = new StoreInfo("S002", "Soho NY", ZoneId.of("America/New_York"),
            LocalTime.of(10, 0), LocalTime.of(21, 0));

    @Test
    void shouldCountOnlyBankingDaysTowardsAPayout() {
        // Thursday: Friday and Monday; due by the end of Monday, New York time
        assertThat(BusinessDay.payoutDueBy(NEW_YORK, LocalDate.parse("2026-11-26"), 2))
                .isEqualTo(Instant.parse("2026-12-01T05:00:00Z"));
        // Saturday: Monday and Tuesday
        assertThat(BusinessDay.payoutDueBy(NEW_YORK, LocalDate.parse("2026-11-28"), 2))
                .isEqualTo(Instant.parse("2026-12-02T05:00:00Z"));
        // none: by the end of the day itself
        assertThat(BusinessDay.payoutDueBy(NEW_YORK, LocalDate.parse("2026-11-28"), 0))
                .isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
    }
}
