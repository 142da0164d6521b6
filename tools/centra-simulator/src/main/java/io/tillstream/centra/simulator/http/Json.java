package io.tillstream.centra.simulator.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;

/**
 * The simulator's one JSON mapper. Instants travel as ISO-8601 text; a two-method module saves a
 * dependency on jackson-datatype-jsr310 for that alone. Unknown fields are rejected (Jackson's
 * default) so a typo in a control request is a 400, not a silent no-op.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("instants")
            .addSerializer(Instant.class, new JsonSerializer<>() {
                @Override
                public void serialize(final Instant value, final JsonGenerator gen, final SerializerProvider sp)
                        throws IOException {
                    gen.writeString(value.toString());
                }
            })
            .addDeserializer(Instant.class, new JsonDeserializer<>() {
                @Override
                public Instant deserialize(final JsonParser p, final DeserializationContext ctx) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            }));

    private Json() {
    }
}
