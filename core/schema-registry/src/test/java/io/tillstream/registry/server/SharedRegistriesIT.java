package io.tillstream.registry.server;

import static io.tillstream.registry.Samples.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two registries on one {@code _schemas} topic, as {@code ./tillstream cluster} runs them, written to at
 * the same time: every schema gets one id, no id names two schemas, and either registry answers for
 * what the other registered. Without the write claim both would hand out the next id to different
 * schemas (each decided it from its own memory).
 */
@ExtendWith(KafkaExtension.class)
class SharedRegistriesIT {

    private static final int SCHEMAS = 24;

    @Test
    void shouldAgreeOnIdsWhenTwoRegistriesWriteAtOnce(KafkaCluster kafka) throws Exception {
        String topic = unique("_schemas");
        try (EmbeddedSchemaRegistry a = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers()).topic(topic).start();
             EmbeddedSchemaRegistry b = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers()).topic(topic).start()) {
            List<SchemaRegistryClient> clients = List.of(new SchemaRegistryClient(a.url().toString()),
                    new SchemaRegistryClient(b.url().toString()));
            String subjectPrefix = unique("shared");
            Map<Integer, Integer> idBySchema = new ConcurrentHashMap<>();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < SCHEMAS; i++) {
                    int n = i;
                    // each schema twice, once through each registry at about the same time
                    for (SchemaRegistryClient client : clients) {
                        done.add(writers.submit(() -> {
                            int id = client.register(subjectPrefix + "-" + (n % 5) + "-value", schema(n));
                            Integer earlier = idBySchema.putIfAbsent(n, id);
                            assertThat(earlier == null || earlier == id)
                                    .as("schema %d got ids %s and %s", n, earlier, id).isTrue();
                        }));
                    }
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdownNow();
            }

            assertThat(new HashSet<>(idBySchema.values())).as("one id per schema").hasSize(SCHEMAS);
            for (var entry : idBySchema.entrySet()) {
                for (SchemaRegistryClient client : clients) {
                    assertThat(client.getById(entry.getValue())).isEqualTo(schema(entry.getKey()));
                }
            }
            // a third registry started afterwards reads the same
            try (EmbeddedSchemaRegistry c = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers()).topic(topic)
                    .start()) {
                SchemaRegistryClient client = new SchemaRegistryClient(c.url().toString());
                for (var entry : idBySchema.entrySet()) {
                    assertThat(client.getById(entry.getValue())).isEqualTo(schema(entry.getKey()));
                }
            }
        }
    }

    /** Distinct, mutually compatible schemas: each subject only gains optional fields. */
    private static Schema schema(int n) {
        return SchemaBuilder.record("Shared").namespace("io.tillstream.it").fields()
                .name("n" + n).type().intType().intDefault(n)
                .endRecord();
    }
}
