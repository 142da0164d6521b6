package io.tillstream.centra.simulator.graphql;

/** An argument the client got wrong; becomes a GraphQL error with the message as it is. */
final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadInputException(final String message) {
        super(message);
    }
}
