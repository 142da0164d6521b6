package io.tillstream.reconciliation.finance;

import io.tillstream.schemas.Settlement;
import io.tillstream.service.access.Caller;
import java.util.List;

/** Where accepted payout lines go: {@code payments.settlements.v1}, or a fake in tests. */
public interface SettlementSink {

    /**
     * Returns once every settlement and the upload's audit entry are durably appended, together;
     * throws when they could not be (then none of them is).
     */
    void append(List<Settlement> settlements, Caller uploadedBy, String requestId);
}
