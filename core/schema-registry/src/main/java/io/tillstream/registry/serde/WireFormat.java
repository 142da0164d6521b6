package io.tillstream.registry.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Confluent's wire format: byte 0 is the magic byte {@code 0}, bytes 1–4 the schema id (big-endian
 * int), then the datum in Avro binary encoding, without any container header.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Frames {@code datum} written by {@code writer} behind the header for {@code schemaId}. */
    public static <T> byte[] write(int schemaId, DatumWriter<T> writer, T datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /**
     * The schema id in the header of {@code data}.
     *
     * @throws WireFormatException naming the topic if {@code data} is not in the wire format
     */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new WireFormatException("Record from topic '" + topic + "' has " + data.length
                    + " bytes, too short for Confluent's Avro wire format (magic byte 0 and a 4-byte schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException("Record from topic '" + topic + "' starts with byte " + (data[0] & 0xff)
                    + ", not the magic byte 0 of Confluent's Avro wire format: not written by an Avro registry"
                    + " serializer");
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    /** A decoder over the Avro payload behind the header. */
    public static BinaryDecoder payload(byte[] data) {
        return DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, null);
    }
}
