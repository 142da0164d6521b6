package io.tillstream.centra.sink.sync;

import org.apache.kafka.common.TopicPartition;

/**
 * Where a change came from: its topic, partition and offset. What the sync needs of a record (to
 * commit and to name it in a refusal); the Connect record itself stays at the task's edge.
 */
public record RecordRef(String topic, int partition, long offset) {

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
