package io.tillstream.reconciliation.finance;

import io.tillstream.schemas.Settlement;
import java.time.LocalDate;
import java.util.List;

/** The payout lines and deposit slips posted for store-days, as the journal reads them. */
public interface Settlements {

    /** Whether every settlement that existed at start has been read. */
    boolean loaded();

    /** The settlements of the store-days from {@code from} to {@code to}, of one store or ({@code null}) all. */
    List<Settlement> between(LocalDate from, LocalDate to, String storeId);
}
