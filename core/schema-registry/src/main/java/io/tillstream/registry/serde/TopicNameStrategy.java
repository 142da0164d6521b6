package io.tillstream.registry.serde;

/** Confluent's default subject naming: one subject per topic and side. */
public final class TopicNameStrategy {

    private TopicNameStrategy() {
    }

    /** {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
