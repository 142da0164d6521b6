package io.tillstream.registry.server;

import java.util.List;

/** Where registrations are made durable before the registry answers. */
interface SchemaLog extends AutoCloseable {

    /** Everything registered so far, in registration order. */
    List<StoredSchema> readAll();

    /** Makes {@code schema} durable; returns only once it is. */
    void append(StoredSchema schema);

    @Override
    void close();

    /** Keeps nothing: for tests and throwaway registries. */
    SchemaLog NONE = new SchemaLog() {
        @Override
        public List<StoredSchema> readAll() {
            return List.of();
        }

        @Override
        public void append(StoredSchema schema) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "memory";
        }
    };
}
