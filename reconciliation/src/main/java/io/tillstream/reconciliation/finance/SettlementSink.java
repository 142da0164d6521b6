package io.tillstream.reconciliation.finance;

import io.tillstream.schemas.Settlement;
import java.util.List;

/** Where accepted payout lines go: {@code payments.settlements.v1}, or a fake in tests. */
public interface SettlementSink {

    /** Returns once every settlement is durably appended; throws when any could not be. */
    void append(List<Settlement> settlements);
}
