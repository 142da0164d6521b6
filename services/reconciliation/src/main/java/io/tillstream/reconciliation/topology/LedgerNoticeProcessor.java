package io.tillstream.reconciliation.topology;

import io.tillstream.domain.exceptions.RetailOpsRules;
import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.ReconciliationException;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * LEDGER_NOTICE: every event the stock ledger received but did not apply as written (a VOID of a
 * sale it never saw or voided already, a stocktake older than the last one, a movement a stocktake
 * had already counted) becomes an exception for the store's retail ops, instead of a topic nobody
 * reads. One per event, size and kind: a re-delivered notice updates it.
 */
final class LedgerNoticeProcessor implements Processor<String, LedgerNotice, String, ReconciliationException> {

    private ProcessorContext<String, ReconciliationException> context;
    private KeyValueStore<String, ReconciliationException> exceptions;

    @Override
    public void init(ProcessorContext<String, ReconciliationException> context) {
        this.context = context;
        this.exceptions = context.getStateStore(ReconciliationTopology.NOTICE_EXCEPTIONS_STORE);
    }

    @Override
    public void process(Record<String, LedgerNotice> record) {
        LedgerNotice notice = record.value();
        if (notice == null) {
            return;
        }
        String id = RetailOpsRules.noticeId(notice);
        ReconciliationException exception = RetailOpsRules.ledgerNotice(exceptions.get(id), notice,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        exceptions.put(id, exception);
        context.forward(new Record<>(id, exception, record.timestamp()));
    }
}
