package io.tillstream.service.streams;

import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.registry.serde.WireFormatException;

/**
 * Why a Streams service set a record aside, in the {@value DeadLetters#REASON_HEADER} header of its
 * dead letter: what an analyst filters on and what {@code ./tillstream redrive --reason} selects,
 * each with its fix.
 */
public enum DeadLetterReason {

    /** Not in Confluent's wire format at all (a producer without the registry serializer): fix the producer. */
    NOT_AVRO,
    /**
     * The registry does not know the record's schema id (a schema deleted, or a producer on another
     * registry): restore the schema, then re-drive.
     */
    SCHEMA_UNKNOWN,
    /** Framed and its schema known, but the payload does not decode into the topic's type. */
    UNREADABLE;

    /** The reason for an exception a deserializer threw. A registry that cannot answer is never one: it is retried. */
    public static DeadLetterReason of(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof WireFormatException) {
                return NOT_AVRO;
            }
            if (t instanceof SchemaRegistryException) {
                return SCHEMA_UNKNOWN;
            }
        }
        return UNREADABLE;
    }
}
