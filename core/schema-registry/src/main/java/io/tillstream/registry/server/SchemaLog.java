package io.tillstream.registry.server;

import java.time.Duration;
import java.util.List;

/**
 * Where registrations are made durable before the registry answers. Several registries may share one
 * log: each reads what the others wrote ({@link #readNew}), and one at a time writes ({@link #claimWriter}).
 */
interface SchemaLog extends AutoCloseable {

    /**
     * What was registered since the last call (everything, on the first), by this registry or another,
     * in registration order.
     *
     * @param bound how long to wait for the log; past it an exception, and the next call resumes
     */
    List<StoredSchema> readNew(Duration bound);

    /**
     * Makes this registry the log's only writer: another registry that wrote before is fenced (its
     * next {@link #append} fails), and whatever it wrote is readable with {@link #readNew} once this
     * returns. A no-op while this registry holds the claim.
     */
    void claimWriter();

    /**
     * Makes {@code schema} durable; returns only once it is. On failure (another registry claimed the log
     * meanwhile, or no answer) the claim is dropped: claim again and read, which tells whether it was
     * written.
     */
    void append(StoredSchema schema);

    @Override
    void close();

    /** Keeps nothing: for tests and throwaway registries. */
    SchemaLog NONE = new SchemaLog() {
        @Override
        public List<StoredSchema> readNew(Duration bound) {
            return List.of();
        }

        @Override
        public void claimWriter() {
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
