package io.tillstream.centra.sink.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.sink.config.CentraSinkConfig;
import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * On a cluster that lets only SCRAM users in, the receipt journal (exactly-once's memory across task
 * restarts) reaches Kafka with the {@code centra.receipts.kafka.*} settings of the connector config,
 * as the worker's own clients do with theirs: what it journals, a successor recovers.
 */
class ReceiptJournalScramIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldJournalAndRecoverOverSaslScram() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporaryWithScram();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory(0)) {
            kafka.addScramUser("connect", "connect-secret-1");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("receipts-scram", 1, (short) 1).configs(
                        Map.of("cleanup.policy", "compact")))).all().get();
            }
            CentraSinkConfig config = new CentraSinkConfig(Map.of(
                    "centra.url", "http://127.0.0.1:1", "centra.token", "t", "centra.warehouse.mapping", "S001:1",
                    CentraSinkConfig.RECEIPTS_BOOTSTRAP_CONFIG, kafka.saslBootstrapServers(),
                    CentraSinkConfig.RECEIPTS_REGISTRY_CONFIG, registry.url().toString(),
                    "centra.receipts.kafka.security.protocol", "SASL_PLAINTEXT",
                    "centra.receipts.kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "centra.receipts.kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
                            + " required username=\"connect\" password=\"connect-secret-1\";"));
            List<ReceiptLog.Part> parts = List.of(new ReceiptLog.Part("S001", "TEE-M", 1, 7, -2, 5));
            try (KafkaReceiptLog journal = new KafkaReceiptLog(config.receiptsKafka(), config.receiptsRegistry(),
                    "receipts-scram", CLOCK)) {
                journal.recover();
                journal.intent("m-1", parts);
                journal.confirmed("m-1", "centra-1", parts);
            }
            try (KafkaReceiptLog successor = new KafkaReceiptLog(config.receiptsKafka(), config.receiptsRegistry(),
                    "receipts-scram", CLOCK)) {
                assertThat(successor.recover().confirmed()).containsEntry("S001|TEE-M", 7L);
            }
        }
    }
}
