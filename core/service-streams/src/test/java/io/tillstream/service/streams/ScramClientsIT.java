package io.tillstream.service.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.embedded.kafka.EmbeddedKafka;
import io.tillstream.service.streams.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that only lets SCRAM users in (on the listener the clients are given): a Streams
 * service's clients, configured by nothing but TILLSTREAM_* variables, authenticate and work,
 * Kafka Streams' own producers, consumers and admin client included; a wrong password is refused.
 */
class ScramClientsIT {

    private static final String PASSWORD = "scram-test-password-1";
    private static EmbeddedKafka kafka;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.startTemporaryWithScram();
        kafka.addScramUser("projector", PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static StreamsSettings settings(String password) throws Exception {
        Path jaas = Files.writeString(tmp.resolve("jaas-" + password), "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"projector\" password=\"" + password + "\";\n");
        Map<String, String> env = new HashMap<>();
        env.put("TILLSTREAM_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers());
        env.put("TILLSTREAM_SCHEMA_REGISTRY_URL", "http://127.0.0.1:1");
        env.put("TILLSTREAM_STATE_DIR", tmp.resolve("state-" + password).toString());
        env.put("TILLSTREAM_REPLICATION_FACTOR", "1");
        env.put("TILLSTREAM_HTTP_PORT", "0");
        env.put("TILLSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("TILLSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("TILLSTREAM_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString());
        return StreamsSettings.fromEnvironment("scram-it", 0, env);
    }

    @Test
    void shouldAuthenticateEveryClientOfAServiceWithScram() throws Exception {
        StreamsSettings settings = settings(PASSWORD);
        try (Admin admin = Admin.create(settings.kafkaClientProperties())) {
            admin.createTopics(List.of(new NewTopic("scram-in", 1, (short) 1), new NewTopic("scram-out", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("scram-in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("scram-out", Produced.with(Serdes.String(), Serdes.String()));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), settings.streamsProperties(Duration.ofMillis(100)))) {
            streams.start();
            try (var producer = new KafkaProducer<>(settings.kafkaClientProperties(), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("scram-in", "S001", "sale")).get(30, TimeUnit.SECONDS);
            }
            Map<String, Object> consumerConfig = new HashMap<>(settings.kafkaClientProperties());
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "scram-it-reader");
            consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<String> seen = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("scram-out"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (seen.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
            }
            assertThat(seen).containsExactly("SALE");
        }
    }

    @Test
    void shouldBeRefusedWithTheWrongPassword() throws Exception {
        StreamsSettings settings = settings("not-the-password");
        try (Admin admin = Admin.create(settings.kafkaClientProperties())) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}
