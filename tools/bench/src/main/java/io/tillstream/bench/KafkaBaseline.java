package io.tillstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Kafka's own producer and consumer performance tools (kafka-tools), run on the same broker and
 * with the same record size as the scenarios: the yardstick every scenario is a ratio of.
 */
final class KafkaBaseline {

    private static final Pattern PRODUCER = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    /** What the tools measured. */
    record Result(double producerRecordsPerSec, double producerMbPerSec, int producerP50Ms, int producerP99Ms,
                  double consumerRecordsPerSec, double consumerMbPerSec) {
    }

    private KafkaBaseline() {
    }

    static Result measure(String bootstrapServers, String topic, int recordSize, long records) throws Exception {
        // The broker does not auto-create topics; give the baseline as many partitions as the event topics.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, IngestTarget.PARTITIONS, (short) 1))).all().get();
        }
        String producerOut = capture(() -> ProducerPerformance.main(new String[] {
                "--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all",
                "enable.idempotence=true", "linger.ms=5"}));
        Matcher p = PRODUCER.matcher(producerOut);
        if (!p.find()) {
            throw new IllegalStateException("Unexpected ProducerPerformance output: " + producerOut);
        }
        double[] consumer = consume(bootstrapServers, topic, records);
        return new Result(Double.parseDouble(p.group(2)), Double.parseDouble(p.group(3)),
                Integer.parseInt(p.group(6)), Integer.parseInt(p.group(8)),
                consumer[0], consumer[1]);
    }

    /** Kafka's ConsumerPerformance reading {@code records} of {@code topic}: {records/s, MB/s}. */
    static double[] consume(String bootstrapServers, String topic, long records) throws Exception {
        String consumerOut = capture(() -> ConsumerPerformance.main(new String[] {
                "--bootstrap-server", bootstrapServers, "--topic", topic, "--messages", Long.toString(records),
                "--timeout", "60000"}));
        // header line, then: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
        List<String> lines = consumerOut.lines().filter(l -> !l.isBlank()).toList();
        String[] fields = lines.get(lines.size() - 1).split(",\\s*");
        if (fields.length < 6) {
            throw new IllegalStateException("Unexpected ConsumerPerformance output: " + consumerOut);
        }
        return new double[] {Double.parseDouble(fields[5]), Double.parseDouble(fields[3])};
    }

    interface Tool {
        void run() throws Exception;
    }

    /** The tools print their results on stdout: capture them to parse the figures. */
    private static String capture(Tool tool) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            tool.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
