package io.tillstream.ingest.stores;

/** A store's token was used to write for another store. */
public class StoreForbiddenException extends RuntimeException {

    public StoreForbiddenException(String tokenStore, String bodyStore) {
        super("The token of store " + tokenStore + " may not write for store " + bodyStore);
    }
}
