package io.tillstream.reconciliation.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerde;
import io.tillstream.registry.server.EmbeddedSchemaRegistry;
import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.Topics;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The owners' webhooks on a real broker, with a JDK HTTP server standing in for Slack: one alert per
 * lifecycle step, throttled per owner with an "and K more" summary, retried when the webhook fails,
 * nothing re-sent after a restart, and no webhook secret in the logs. A topic of its own, so the
 * exceptions of other tests on the shared broker do not count.
 */
@ExtendWith(KafkaExtension.class)
class AlertFeedIT {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final WebhookReceiver slack = new WebhookReceiver();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void captureLogs(KafkaCluster kafka) {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        // schemas in _schemas on the shared broker: the ids mean the same to every test class's app
        registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        slack.close();
        registry.close();
    }

    @Test
    void shouldAlertEachOwnerOncePerStepThrottledRetriedAndNotAgainAfterARestart(KafkaCluster kafka)
            throws Exception {
        String topic = "alerts-it-" + UUID.randomUUID();
        String group = "alerts-it-" + UUID.randomUUID();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AlertSettings settings = new AlertSettings(Map.of(
                Owner.ECOMMERCE, slack.url(Owner.ECOMMERCE),
                Owner.FINANCE, slack.url(Owner.FINANCE),
                Owner.RETAIL_OPS, slack.url(Owner.RETAIL_OPS),
                // nobody listens there: every attempt fails
                Owner.INTEGRATION, URI.create("http://127.0.0.1:" + closedPort + "/services/T000/"
                        + WebhookReceiver.secret(Owner.INTEGRATION))),
                3, Duration.ofSeconds(2), Duration.ofMillis(50));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            ConfluentAvroSerde<ReconciliationException> serde = new ConfluentAvroSerde<>(
                    new SchemaRegistryClient(registry.url().toString()), Topics.EXCEPTIONS.valueSchema());
            try (KafkaProducer<String, ReconciliationException> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), serde.serializer())) {
                // history from before the feed's first start: the dashboard shows it, no webhook hears of it
                send(producer, topic, open("OLD", Owner.ECOMMERCE, T0, T0));

                try (AlertFeed feed = new AlertFeed(Map.of("bootstrap.servers", kafka.bootstrapServers()), group, topic, serde.deserializer(),
                        settings, Clock.systemUTC())) {
                    awaitCommitted(admin, group);
                    send(producer, topic, open("E1", Owner.ECOMMERCE, T0, T0));
                    send(producer, topic, open("E1", Owner.ECOMMERCE, T0, T0.plusSeconds(30))); // an update only
                    slack.failNext(Owner.FINANCE, 2);
                    send(producer, topic, open("F1", Owner.FINANCE, T0, T0));
                    for (int i = 1; i <= 6; i++) {
                        send(producer, topic, open("R" + i, Owner.RETAIL_OPS, T0, T0));
                    }
                    send(producer, topic, open("I1", Owner.INTEGRATION, T0, T0));
                    send(producer, topic, resolved(open("E1", Owner.ECOMMERCE, T0, T0.plusSeconds(30))));

                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        assertThat(slack.texts(Owner.ECOMMERCE)).hasSize(2);
                        assertThat(slack.texts(Owner.FINANCE)).hasSize(1);
                        assertThat(slack.texts(Owner.RETAIL_OPS)).hasSize(4);
                        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("Could not deliver"));
                    });
                    assertThat(slack.texts(Owner.ECOMMERCE).get(0)).startsWith("OPEN ").contains("E1 detail");
                    assertThat(slack.texts(Owner.ECOMMERCE).get(1)).startsWith("RESOLVED ").contains("E1 cleared");
                    assertThat(slack.requests(Owner.FINANCE)).as("two failures, then delivered").isEqualTo(3);
                    List<String> retail = slack.texts(Owner.RETAIL_OPS);
                    assertThat(retail.subList(0, 3)).allMatch(t -> t.startsWith("OPEN NEGATIVE_STOCK"));
                    assertThat(retail.get(3)).contains("and 3 more RETAIL_OPS alerts");
                    JsonNode blocks = slack.messages(Owner.ECOMMERCE).get(0).get("blocks");
                    assertThat(blocks.isArray()).isTrue();
                    assertThat(blocks.get(0).get("type").asText()).isEqualTo("section");
                }

                // a restart: the same group resumes where it stopped and re-sends nothing
                try (AlertFeed feed = new AlertFeed(Map.of("bootstrap.servers", kafka.bootstrapServers()), group, topic, serde.deserializer(),
                        settings, Clock.systemUTC())) {
                    send(producer, topic, open("F1", Owner.FINANCE, T0, T0.plusSeconds(60))); // an update only
                    send(producer, topic, open("E2", Owner.ECOMMERCE, T0, T0));
                    await().atMost(Duration.ofSeconds(30)).until(() -> slack.texts(Owner.ECOMMERCE).size() == 3);
                    // E1 re-opens: a new lifecycle
                    send(producer, topic, open("E1", Owner.ECOMMERCE, T0.plusSeconds(90), T0.plusSeconds(90)));
                    await().atMost(Duration.ofSeconds(30)).until(() -> slack.texts(Owner.ECOMMERCE).size() == 4);
                }
            }
        }
        assertThat(slack.texts(Owner.ECOMMERCE)).noneMatch(t -> t.contains("OLD"));
        assertThat(slack.texts(Owner.ECOMMERCE).get(2)).contains("E2 detail");
        assertThat(slack.texts(Owner.ECOMMERCE).get(3)).startsWith("OPEN ").contains("E1 detail");
        assertThat(slack.texts(Owner.FINANCE)).hasSize(1);
        assertThat(slack.texts(Owner.RETAIL_OPS)).hasSize(4);
        assertThat(logs.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains("s3cr3t"));
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("webhook at 127.0.0.1"));
    }

    private static void awaitCommitted(Admin admin, String group) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get().isEmpty());
    }

    private static void send(KafkaProducer<String, ReconciliationException> producer, String topic,
                             ReconciliationException e) throws Exception {
        producer.send(new ProducerRecord<>(topic, e.getId(), e)).get();
    }

    private static ReconciliationException open(String name, Owner owner, Instant firstSeen, Instant lastSeen) {
        ExceptionType type = owner == Owner.RETAIL_OPS ? ExceptionType.NEGATIVE_STOCK : ExceptionType.OTHER;
        return ReconciliationException.newBuilder()
                .setId(type + ":" + name).setType(type)
                .setOwner(owner).setSeverity(Severity.MEDIUM).setStatus(ExceptionStatus.OPEN)
                .setStoreId("S-ALERTS").setSku(name).setExpected(">= 0").setActual("-1")
                .setFirstSeenAt(firstSeen).setLastSeenAt(lastSeen).setResolvedAt(null)
                .setDetail(name + " detail").setRunbook("count it").setEvidence(null).build();
    }

    private static ReconciliationException resolved(ReconciliationException e) {
        return ReconciliationException.newBuilder(e).setStatus(ExceptionStatus.RESOLVED)
                .setResolvedAt(e.getLastSeenAt()).setEvidence(e.getSku() + " cleared").build();
    }
}
