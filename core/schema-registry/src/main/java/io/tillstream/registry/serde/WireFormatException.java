package io.tillstream.registry.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not in Confluent's wire format at all (too short, or no magic byte 0): written by
 * something other than a registry serializer. Told apart from a schema the registry does not know
 * and from a payload that does not decode, so a dead letter can say which it was.
 */
public class WireFormatException extends SerializationException {

    public WireFormatException(String message) {
        super(message);
    }
}
