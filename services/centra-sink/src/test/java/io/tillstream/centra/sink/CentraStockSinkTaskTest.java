package io.tillstream.centra.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The task as Connect drives it, against the simulator over HTTP, with a context that records what it is asked. */
class CentraStockSinkTaskTest {

    private static final String TOKEN = "task-token";
    private static final Schema CHANGE = SchemaBuilder.struct().name("io.tillstream.schemas.StockChange")
            .field("locationId", Schema.STRING_SCHEMA).field("sku", Schema.STRING_SCHEMA)
            .field("sequence", Schema.INT64_SCHEMA).field("delta", Schema.INT32_SCHEMA)
            .field("onHandAfter", Schema.INT32_SCHEMA).field("occurredAt", Schema.INT64_SCHEMA).build();

    private CentraSimulator centra;
    private final Context context = new Context();
    private final CentraStockSinkTask task = new CentraStockSinkTask();
    private long offset;

    @BeforeEach
    void setUp() {
        centra = TeeCentra.twoStores(TOKEN);
        task.initialize(context);
        // A share of Growth's 20 per 10 s that buys one mutation per 10 s
        task.start(Map.of(CentraSinkConfig.URL_CONFIG, centra.url().toString(), CentraSinkConfig.TOKEN_CONFIG, TOKEN,
                CentraSinkConfig.WAREHOUSES_CONFIG, "S001:1, S002:2", CentraSinkConfig.SHARE_CONFIG, "0.05"));
    }

    @AfterEach
    void tearDown() {
        task.stop();
        centra.close();
    }

    @Test
    void shouldAskToBeCalledBackWhileDeltasWaitForBudget() {
        task.put(List.of(change("S001", -1), change("S002", -1)));

        assertThat(centra.mutations()).as("one mutation's worth of budget").hasSize(1);
        assertThat(context.timeouts).as("not left until the next offset commit")
                .containsExactly(CentraStockSinkTask.RECHECK.toMillis());
    }

    @Test
    void shouldNotAskWhenEverythingIsInCentra() {
        task.put(List.of(change("S001", -1)));

        assertThat(centra.mutations()).hasSize(1);
        assertThat(context.timeouts).isEmpty();
    }

    private SinkRecord change(String location, int delta) {
        Struct value = new Struct(CHANGE).put("locationId", location).put("sku", "TEE-M").put("sequence", 1L)
                .put("delta", delta).put("onHandAfter", 9).put("occurredAt", System.currentTimeMillis());
        return new SinkRecord("stock.changes.v1", 0, Schema.STRING_SCHEMA, location + "|TEE-M", CHANGE, value, offset++);
    }

    /** Connect's side of the conversation, reduced to what the task uses. */
    private static final class Context implements SinkTaskContext {
        final List<Long> timeouts = new ArrayList<>();
        private final PluginMetrics metrics = new PluginMetricsImpl(new Metrics(),
                Map.of("connector", "centra-sink", "task", "0"));

        @Override
        public void timeout(long timeoutMs) {
            timeouts.add(timeoutMs);
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(new TopicPartition("stock.changes.v1", 0));
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }
    }
}
