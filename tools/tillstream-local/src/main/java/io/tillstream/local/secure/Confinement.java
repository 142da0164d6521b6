package io.tillstream.local.secure;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.ServicePrincipals;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a secured cluster must refuse, asked with the services' own credentials: a service writing or
 * reading a topic that is another's, a principal with the wrong password, and a new schema on a topic
 * others read from anyone but the deploy step.
 * Run after the chaos run's own checks: a write that wrongly got through leaves one unreadable record,
 * which must not disturb them.
 */
public final class Confinement {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Path secrets;
    private final PrintStream out;
    private final List<String> failures = new ArrayList<>();

    private Confinement(String bootstrapServers, Path secrets, PrintStream out) {
        this.bootstrapServers = bootstrapServers;
        this.secrets = secrets;
        this.out = out;
    }

    /** @return what was let through that should not have been; empty when every refusal held */
    public static List<String> check(String bootstrapServers, String registryUrl, Path secrets, PrintStream out) {
        Confinement confinement = new Confinement(bootstrapServers, secrets, out);
        confinement.registryRefusesNewSchema(registryUrl, ServicePrincipals.STOCK_PROJECTOR,
                Topics.STOCK_LEVELS.name() + "-value", 403);
        confinement.registryRefusesNewSchema(registryUrl, null, Topics.STOCK_LEVELS.name() + "-value", 401);
        confinement.refusesWrite(ServicePrincipals.POS_INGEST, Topics.STOCK_CHANGES.name());
        confinement.refusesWrite(ServicePrincipals.STOCK_PROJECTOR, Topics.SYNC_RECEIPTS.name());
        confinement.refusesWrite(ServicePrincipals.RECONCILIATION, Topics.POS_TRANSACTIONS.name());
        confinement.refusesRead(ServicePrincipals.POS_INGEST, Topics.ACCESS_TOKENS.name());
        confinement.refusesWrongPassword(ServicePrincipals.POS_INGEST);
        return confinement.failures;
    }

    private void refusesWrite(String principal, String topic) {
        String what = principal + " writing " + topic;
        Map<String, Object> config = client(principal, jaas(principal));
        config.put("max.block.ms", (int) WAIT.toMillis());
        config.put("delivery.timeout.ms", (int) WAIT.toMillis());
        config.put("request.timeout.ms", (int) WAIT.toMillis() / 2);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "confinement-check".getBytes(), null))
                    .get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
            failures.add(what + " was accepted");
            out.println("  " + what + ": ACCEPTED");
        } catch (ExecutionException | TopicAuthorizationException e) {
            expect(what, e instanceof ExecutionException ? e.getCause() : e, TopicAuthorizationException.class);
        } catch (java.util.concurrent.TimeoutException e) {
            expect(what, e, TopicAuthorizationException.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private void refusesRead(String principal, String topic) {
        String what = principal + " reading " + topic;
        Map<String, Object> config = client(principal, jaas(principal));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofSeconds(1)); // throws once the broker refuses
            }
            failures.add(what + " was not refused within " + WAIT.toSeconds() + " s");
            out.println("  " + what + ": NOT REFUSED");
        } catch (RuntimeException e) {
            expect(what, e, TopicAuthorizationException.class);
        }
    }

    private void refusesWrongPassword(String principal) {
        String what = principal + " with a wrong password";
        String wrong = jaas(principal).replaceAll("password=\"[^\"]*\"", "password=\"not-the-password\"");
        Map<String, Object> config = client(principal, wrong);
        config.put("default.api.timeout.ms", (int) WAIT.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
            failures.add(what + " was let in");
            out.println("  " + what + ": LET IN");
        } catch (ExecutionException e) {
            expect(what, e.getCause(), SaslAuthenticationException.class);
        } catch (java.util.concurrent.TimeoutException e) {
            expect(what, e, SaslAuthenticationException.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** A schema nobody deployed, on a subject others read: only schemas-init's writer may register it. */
    private void registryRefusesNewSchema(String registryUrl, String principal, String subject, int status) {
        String what = (principal == null ? "anyone" : principal) + " registering a new schema under " + subject;
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryClientConfig.URL_CONFIG, registryUrl);
        if (principal != null) {
            config.put(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, read(principal, "registry.user-info"));
        }
        Schema stranger = SchemaBuilder.record("Stranger").namespace("io.tillstream.confinement").fields()
                .requiredString("anything").endRecord();
        try {
            new SchemaRegistryClient(config).register(subject, stranger);
            failures.add(what + " was accepted");
            out.println("  " + what + ": ACCEPTED");
        } catch (SchemaRegistryException e) {
            if (e.status() == status) {
                out.println("  " + what + ": refused (HTTP " + status + ")");
            } else {
                failures.add(what + ": expected HTTP " + status + ", got " + e.status() + " " + e.getMessage());
                out.println("  " + what + ": HTTP " + e.status());
            }
        }
    }

    private void expect(String what, Throwable error, Class<? extends Throwable> refusal) {
        if (refusal.isInstance(error)) {
            out.println("  " + what + ": refused (" + refusal.getSimpleName() + ")");
        } else {
            failures.add(what + ": expected " + refusal.getSimpleName() + ", got " + error);
            out.println("  " + what + ": " + error);
        }
    }

    /** The service's own login as its container has it: SCRAM over TLS, trusting the brokers' certificate. */
    private Map<String, Object> client(String principal, String jaas) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", jaas);
        config.put("ssl.truststore.type", "PEM");
        config.put("ssl.truststore.location", secrets.resolve("kafka").resolve(principal).resolve("truststore.pem")
                .toString());
        return config;
    }

    private String jaas(String principal) {
        return read(principal, "jaas");
    }

    private String read(String principal, String file) {
        try {
            return Files.readString(secrets.resolve("kafka").resolve(principal).resolve(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
