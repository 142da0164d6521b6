package io.tillstream.reconciliation.topology;

/**
 * Something a store sent, as proof that it (and, with a till id, that till) is online: an event, or a
 * till's heartbeat with how many events the till still holds.
 */
record Heard(String tillId, boolean heartbeat, int queued) {

    static Heard event(String tillId) {
        return new Heard(tillId, false, 0);
    }

    static Heard heartbeat(String tillId, int queued) {
        return new Heard(tillId, true, queued);
    }
}
