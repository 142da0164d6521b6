package io.tillstream.centra.sink.sync;

/**
 * The sync cannot go on without risking a change lost or doubled (Centra cannot say whether a
 * mutation was applied, or refuses what no retry will fix): the task must stop and an operator look.
 * The task's edge turns it into Connect's ConnectException, which fails the task.
 */
public final class SyncHalted extends RuntimeException {

    public SyncHalted(String message) {
        super(message);
    }

    public SyncHalted(String message, Throwable cause) {
        super(message, cause);
    }
}
