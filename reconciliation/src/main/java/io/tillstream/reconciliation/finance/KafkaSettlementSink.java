package io.tillstream.reconciliation.finance;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.Settlement;
import io.tillstream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends settlements to {@code payments.settlements.v1}, keyed {@code storeId|businessDate|provider},
 * acknowledged by every in-sync replica before the HTTP caller hears 202.
 */
public final class KafkaSettlementSink implements SettlementSink, AutoCloseable {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, Settlement> producer;

    /** @param kafkaClient bootstrap servers and security, as every client of the service gets them */
    public KafkaSettlementSink(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        Properties p = new Properties();
        p.putAll(kafkaClient);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "reconciliation-settlements");
        this.producer = new KafkaProducer<>(p, new StringSerializer(),
                new ConfluentAvroSerializer<>(registry, Topics.SETTLEMENTS.valueSchema()));
    }

    @Override
    public void append(List<Settlement> settlements) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Settlement s : settlements) {
            String key = s.getStoreId() + "|" + s.getBusinessDate() + "|" + s.getProvider();
            sent.add(producer.send(new ProducerRecord<>(Topics.SETTLEMENTS.name(), key, s)));
        }
        try {
            for (Future<RecordMetadata> ack : sent) {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while appending settlements", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Settlements were not acknowledged by " + Topics.SETTLEMENTS.name(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
