package io.tillstream.centra.sink;

import io.tillstream.registry.client.SchemaRegistryException;

/** Whether a failure came from something that may answer if asked again: the broker or the registry. */
final class Retriable {

    private Retriable() {
    }

    static boolean isRetriable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException e) {
                return e.isRetriable();
            }
            if (t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof org.apache.kafka.connect.errors.RetriableException) {
                return true;
            }
        }
        return false;
    }
}
