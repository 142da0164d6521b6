package io.tillstream.centra.sink.sync;

import org.apache.kafka.connect.errors.ConnectException;

/** What ConnectAtTheEdgeTest's rule exists to refuse: a class of the sync package that uses Connect. */
public final class UsesConnect {

    private UsesConnect() {
    }

    public static RuntimeException halt(String why) {
        return new ConnectException(why);
    }
}
