package io.tillstream.centra.sink.sync;

/**
 * Nothing can be decided now (Centra is unreachable or refuses the token while a mutation must be
 * read back); nothing was sent. The task's edge turns it into Connect's RetriableException, so Connect
 * hands the same records again a little later.
 */
public final class SyncRetryLater extends RuntimeException {

    public SyncRetryLater(String message, Throwable cause) {
        super(message, cause);
    }
}
