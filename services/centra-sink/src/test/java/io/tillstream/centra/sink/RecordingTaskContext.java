package io.tillstream.centra.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** Connect's side of the conversation with a task, reduced to what the task uses; records the timeouts asked for. */
final class RecordingTaskContext implements SinkTaskContext {
    final List<Long> timeouts = new ArrayList<>();
    private final Set<TopicPartition> assignment;
    private final PluginMetrics metrics = new PluginMetricsImpl(new Metrics(),
            Map.of("connector", "centra-sink", "task", "0"));

    RecordingTaskContext(TopicPartition... assignment) {
        this.assignment = Set.of(assignment);
    }

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
        return assignment;
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
