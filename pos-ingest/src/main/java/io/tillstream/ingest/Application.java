package io.tillstream.ingest;

import io.micronaut.runtime.Micronaut;

/** pos-ingest: the HTTP front door through which stores append POS events to Kafka. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
