package io.tillstream.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    @Test
    void shouldFrameMagicByteThenBigEndianIdThenAvroBinary() throws Exception {
        byte[] framed = WireFormat.write(0x01020304, new GenericDatumWriter<>(STRING), "héllo");

        assertThat(Arrays.copyOfRange(framed, 0, 5)).containsExactly(0, 1, 2, 3, 4);
        assertThat(Arrays.copyOfRange(framed, 5, framed.length)).containsExactly(avroBinary("héllo"));
        assertThat(WireFormat.schemaId("t", framed)).isEqualTo(0x01020304);
    }

    @Test
    void shouldReadIdsAboveSignedByteRange() throws Exception {
        byte[] framed = WireFormat.write(0x00ff80fe, new GenericDatumWriter<>(STRING), "x");

        assertThat(Arrays.copyOfRange(framed, 0, 5)).containsExactly(0, 0x00, 0xff, 0x80, 0xfe);
        assertThat(WireFormat.schemaId("t", framed)).isEqualTo(0x00ff80fe);
    }

    @Test
    void shouldRejectWrongMagicByteNamingTheTopic() {
        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> WireFormat.schemaId("stock.changes.v1", new byte[] {1, 0, 0, 0, 1, 2}))
                .withMessageContaining("stock.changes.v1")
                .withMessageContaining("magic byte 0");
    }

    @Test
    void shouldRejectRecordsShorterThanTheHeader() {
        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> WireFormat.schemaId("stock.changes.v1", new byte[] {0, 0, 1}))
                .withMessageContaining("stock.changes.v1")
                .withMessageContaining("3 bytes");
    }

    private static byte[] avroBinary(String value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(STRING).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
