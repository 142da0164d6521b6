package io.tillstream.centra.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.sink.config.CentraSinkConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The task as Connect drives it, against the simulator over HTTP, with a context that records what it is asked. */
class CentraStockSinkTaskTest {

    private static final String TOKEN = "task-token";

    private CentraSimulator centra;
    private final RecordingTaskContext context = new RecordingTaskContext(new TopicPartition("stock.changes.v1", 0));
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
        return StockChangeRecords.teeM("stock.changes.v1", 0, offset++, location, delta);
    }
}
