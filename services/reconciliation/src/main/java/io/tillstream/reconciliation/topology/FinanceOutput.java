package io.tillstream.reconciliation.topology;

import io.tillstream.schemas.DailyStoreTotals;
import io.tillstream.schemas.ReconciliationException;

/** What the finance processor emits: a day's totals or an exception, each bound for its own topic. */
record FinanceOutput(DailyStoreTotals totals, ReconciliationException exception) {

    static FinanceOutput of(DailyStoreTotals totals) {
        return new FinanceOutput(totals, null);
    }

    static FinanceOutput of(ReconciliationException exception) {
        return new FinanceOutput(null, exception);
    }
}
