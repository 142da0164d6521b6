package io.tillstream.reconciliation.topology;

import io.tillstream.schemas.CentraStockObservation;
import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.SyncReceipt;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import org.apache.kafka.common.serialization.Serde;

/** Value serdes of the topics reconciliation reads and writes. */
public record ReconciliationSerdes(Serde<StockLevel> levels, Serde<StockChange> changes,
                                   Serde<ReconciliationException> exceptions, Serde<PosTransaction> transactions,
                                   Serde<DailyStoreTotals> totals, Serde<Settlement> settlements,
                                   Serde<SyncReceipt> receipts, Serde<CentraStockObservation> observations,
                                   Serde<LedgerNotice> notices) {
}
