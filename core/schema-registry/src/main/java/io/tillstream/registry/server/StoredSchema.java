package io.tillstream.registry.server;

/**
 * One version of one subject, as kept in the {@code _schemas} topic.
 *
 * @param schema the Avro JSON; null for a version deleted (by a Confluent registry sharing the topic)
 */
record StoredSchema(String subject, int version, int id, String schema) {

    static StoredSchema deleted(String subject, int version) {
        return new StoredSchema(subject, version, -1, null);
    }

    boolean isDeleted() {
        return schema == null;
    }
}
