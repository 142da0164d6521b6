package io.tillstream.registry.server;

/** One version of one subject, as kept in the {@code _schemas} topic. */
record StoredSchema(String subject, int version, int id, String schema) {
}
