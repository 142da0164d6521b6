package io.tillstream.reconciliation.finance;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.Topics;
import io.tillstream.service.access.Caller;
import io.tillstream.service.audit.AuditTrail;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Appends settlements to {@code payments.settlements.v1}, keyed {@code storeId|businessDate|provider},
 * in one transaction with the upload's entry in the audit trail: all of an upload or none of it.
 */
public final class KafkaSettlementSink implements SettlementSink {

    private final AuditTrail audit;
    private final ConfluentAvroSerializer<Settlement> values;

    public KafkaSettlementSink(AuditTrail audit, SchemaRegistryClient registry) {
        this.audit = audit;
        this.values = new ConfluentAvroSerializer<>(registry, Topics.SETTLEMENTS.valueSchema());
    }

    @Override
    public void append(List<Settlement> settlements, Caller uploadedBy, String requestId) {
        String topic = Topics.SETTLEMENTS.name();
        List<ProducerRecord<String, byte[]>> records = settlements.stream()
                .map(s -> new ProducerRecord<>(topic, s.getStoreId() + "|" + s.getBusinessDate() + "|" + s.getProvider(),
                        values.serialize(topic, s)))
                .toList();
        String stores = settlements.stream().map(Settlement::getStoreId).distinct().sorted().toList().toString();
        audit.commit(records, audit.entry(uploadedBy, "SETTLEMENTS_UPLOADED", topic,
                settlements.size() + " payout line(s) for stores " + stores, requestId));
    }
}
