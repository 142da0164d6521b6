package io.tillstream.registry.server;

import static io.tillstream.registry.Samples.posTransaction;
import static io.tillstream.registry.Samples.stockAdjustment;
import static io.tillstream.registry.Samples.stockChange;
import static io.tillstream.registry.Samples.stocktake;
import static io.tillstream.registry.Samples.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.serde.ConfluentAvroSerdeConfig;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.StockAdjustment;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.Stocktake;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Producers and consumers configured by class name, as services are, through the registry on a real broker. */
@ExtendWith(KafkaExtension.class)
class KafkaRoundTripIT {

    private static EmbeddedSchemaRegistry registry;
    private static String bootstrap;

    @BeforeAll
    static void startRegistry(KafkaCluster kafka) {
        bootstrap = kafka.bootstrapServers();
        registry = EmbeddedSchemaRegistry.builder(bootstrap).topic(unique("_schemas")).start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldRoundTripStockChangesThroughKafka() throws Exception {
        String topic = unique("stock.changes");
        List<Object> sent = List.of(stockChange(1), stockChange(2), stockChange(3));

        List<Object> received = roundTrip(topic, StockChange.class.getName(), sent);

        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void shouldRoundTripPosTransactionsWithDecimalsThroughKafka() throws Exception {
        String topic = unique("pos.transactions");
        List<Object> sent = List.of(posTransaction("tx-1"), posTransaction("tx-2"));

        assertThat(roundTrip(topic, PosTransaction.class.getName(), sent)).containsExactlyElementsOf(sent);
    }

    @Test
    void shouldRoundTripAUnionTopicThroughKafka() throws Exception {
        String topic = unique("stock.adjustments");
        List<Object> sent = List.of(stockAdjustment(), stocktake(), stockAdjustment());

        List<Object> received = roundTrip(topic,
                StockAdjustment.class.getName() + "," + Stocktake.class.getName(), sent);

        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(received.get(1)).isInstanceOf(Stocktake.class);
    }

    private List<Object> roundTrip(String topic, String types, List<Object> values) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url().toString(),
                ConfluentAvroSerdeConfig.VALUE_TYPE_CONFIG, types);

        Map<String, Object> producerConfig = new HashMap<>(serde);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerConfig)) {
            for (Object value : values) {
                producer.send(new ProducerRecord<>(topic, "store-7", value)).get();
            }
            producer.send(new ProducerRecord<>(topic, "store-7", null)).get(); // a tombstone
        }

        Map<String, Object> consumerConfig = new HashMap<>(serde);
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class);
        List<Object> received = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerConfig)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.size() < values.size() + 1 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
            }
        }
        assertThat(received).hasSize(values.size() + 1);
        assertThat(received.get(values.size())).as("tombstone").isNull();
        return received.subList(0, values.size());
    }
}
