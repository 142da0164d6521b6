package io.tillstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroDeserializer;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry and the serdes the project wrote itself (Confluent's Java jars are not served here),
 * checked against Confluent's own code: the JavaScript client {@code @confluentinc/schemaregistry}
 * (src/test/js, pinned in its package-lock.json; .ci/run installs it) registers, looks up and tests
 * compatibility against our registry on a real broker, and serializes a sale with Confluent's Avro
 * serializer; our deserializer reads it, our serializer writes the same bytes, and Confluent's
 * deserializer reads what ours wrote.
 */
@ExtendWith(KafkaExtension.class)
class ConfluentClientConformanceIT {

    private static final Path JS = Path.of("src/test/js");
    private static final String TOPIC = "conformance-sales";
    private static final String SUBJECT = TOPIC + "-value";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldSpeakConfluentsRestApiAndWireFormatWithConfluentsOwnClient(KafkaCluster kafka) throws Exception {
        assumeTrue(Files.isDirectory(JS.resolve("node_modules/@confluentinc/schemaregistry")),
                "Confluent's JavaScript client is not installed: npm ci --prefix core/schema-registry/src/test/js (.ci/run does)");
        Schema v1 = schema("sale-v1.avsc");
        Schema v2 = schema("sale-v2.avsc");
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                .topic("_schemas-conformance-" + System.nanoTime()).start()) {
            String url = registry.url().toString();
            SchemaRegistryClient ours = new SchemaRegistryClient(url);

            JsonNode confluent = JSON.readTree(node(url, "write"));

            int id1 = confluent.get("id1").asInt();
            int id2 = confluent.get("id2").asInt();
            assertThat(confluent.get("lookedUp").asInt()).as("Confluent's lookup of v1").isEqualTo(id1);
            assertThat(ours.lookup(SUBJECT, v1)).as("our lookup of what Confluent registered").contains(id1);
            assertThat(confluent.get("compatible").asBoolean()).as("v2 adds a field with a default").isTrue();
            assertThat(confluent.get("incompatible").asBoolean()).as("quantity int -> string").isFalse();
            assertThat(id2).isNotEqualTo(id1);
            assertThat(confluent.get("latestVersion").asInt()).isEqualTo(2);
            assertThat(confluent.get("latestId").asInt()).isEqualTo(id2);

            byte[] written = HexFormat.of().parseHex(confluent.get("value").asText());
            GenericRecord read = new ConfluentAvroDeserializer<GenericRecord>(ours, null).deserialize(TOPIC, written);
            assertThat(read.getSchema()).isEqualTo(v2);
            assertThat(read.get("id")).hasToString("S001-T01-000042");
            assertThat(read.get("sku")).hasToString("CAS-TEE-BLK-M");
            assertThat(read.get("quantity")).isEqualTo(-2);
            assertThat(read.get("amountMinor")).isEqualTo(4500L);
            assertThat(read.get("note")).isNull();
            assertThat(read.get("channel")).hasToString("STORE");

            ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>(ours, v2);
            GenericRecord same = new GenericRecordBuilder(v2).set("id", "S001-T01-000042").set("sku", "CAS-TEE-BLK-M")
                    .set("quantity", -2).set("amountMinor", 4500L).set("note", null).set("channel", "STORE").build();
            assertThat(serializer.serialize(TOPIC, same)).as("the same sale, byte for byte").isEqualTo(written);

            GenericData.Record other = new GenericRecordBuilder(v2).set("id", "S002-T03-000007").set("sku", "CAS-CAP-NVY-L")
                    .set("quantity", 1).set("amountMinor", -1999L).set("note", "returned, unworn").set("channel", "ONLINE")
                    .build();
            JsonNode readByConfluent = JSON.readTree(node(url, "read",
                    HexFormat.of().formatHex(serializer.serialize(TOPIC, other))));
            assertThat(readByConfluent).isEqualTo(JSON.readTree("""
                    {"id":"S002-T03-000007","sku":"CAS-CAP-NVY-L","quantity":1,"amountMinor":-1999,
                     "note":"returned, unworn","channel":"ONLINE"}"""));
        }
    }

    private static Schema schema(String file) throws IOException {
        return new Schema.Parser().parse(Files.readString(JS.resolve("schemas").resolve(file)));
    }

    /** Runs conformance.cjs with node; its one line of output, or the test fails with its error output. */
    private static String node(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "conformance.cjs"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(JS.toFile()).start();
        } catch (IOException noNode) {
            assumeTrue(false, "node is not on the PATH: " + noNode.getMessage());
            throw noNode;
        }
        process.getOutputStream().close();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished && process.exitValue() == 0).as("node %s: %s%s", args[1], err,
                finished ? "" : " (no answer within 60 s)").isTrue();
        return out.strip();
    }
}
