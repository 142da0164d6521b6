package io.tillstream.service.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.embedded.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker: a Streams service whose application reaches ERROR ends its main with a non-zero
 * status, so that a supervisor restarts it, instead of staying up and dead. The failure is one that
 * {@code REPLACE_THREAD} cannot absorb: the global thread (the projector's policies, reconciliation's
 * exceptions and totals) failing on a record.
 */
class StreamsLifecycleIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldExitWithAStatusWhenTheApplicationReachesError() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
            StreamsSettings settings = StreamsSettings.local("lifecycle-it", kafka.bootstrapServers(),
                    "http://127.0.0.1:1", stateDir, 0);
            try (Admin admin = Admin.create(settings.kafkaClientProperties())) {
                admin.createTopics(List.of(new NewTopic("in", 1, (short) 1), new NewTopic("global", 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> { });
            builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("global-store"),
                            Serdes.String(), Serdes.String()).withLoggingDisabled(), "global",
                    Consumed.with(Serdes.String(), Serdes.String()), () -> new FailsOnPoison());
            AtomicBoolean closed = new AtomicBoolean();
            try (KafkaStreams streams = new KafkaStreams(builder.build(),
                    settings.streamsProperties(Duration.ofMillis(100)))) {
                StreamsLifecycle.start(streams, "lifecycle test");
                CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
                Thread main = new Thread(() -> {
                    try {
                        StreamsLifecycle.runUntilShutdown(() -> closed.set(true), streams::state, exitStatus::complete);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "service-main");
                main.start();
                awaitRunning(streams);

                try (var producer = new KafkaProducer<>(settings.kafkaClientProperties(), new StringSerializer(),
                        new StringSerializer())) {
                    producer.send(new ProducerRecord<>("global", "k", "poison")).get(30, TimeUnit.SECONDS);
                }

                assertThat(exitStatus.get(60, TimeUnit.SECONDS)).isEqualTo(StreamsLifecycle.EXIT_STREAMS_ERROR);
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.ERROR);
                main.join(5_000);
                assertThat(main.isAlive()).as("the main returned after the exit call").isFalse();
            }
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    /** A global store's processor that cannot handle one record: the global thread dies on it. */
    private static final class FailsOnPoison implements Processor<String, String, Void, Void> {
        @Override
        public void process(Record<String, String> record) {
            if ("poison".equals(record.value())) {
                throw new IllegalStateException("cannot apply " + record.value());
            }
        }
    }
}
