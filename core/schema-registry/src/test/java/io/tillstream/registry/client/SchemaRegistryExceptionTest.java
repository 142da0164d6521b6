package io.tillstream.registry.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import java.net.ConnectException;
import org.apache.avro.SchemaParseException;
import org.junit.jupiter.api.Test;

/** Which failures are worth asking again (the registry overloaded, failing or away) and which are answers. */
class SchemaRegistryExceptionTest {

    @Test
    void shouldRetryWhatTheRegistryMayGetOver() {
        assertThat(new SchemaRegistryException("x", 503, 50301).isRetriable()).isTrue();
        assertThat(new SchemaRegistryException("x", 500, SchemaRegistryException.STORE_ERROR).isRetriable()).isTrue();
        assertThat(new SchemaRegistryException("x", 429, 429).isRetriable()).isTrue();
        assertThat(new SchemaRegistryException("x", new ConnectException()).isRetriable()).isTrue();
        assertThat(new SchemaRegistryException("x", new InterruptedException()).isRetriable()).isTrue();
    }

    @Test
    void shouldNotRetryAnAnswer() {
        assertThat(new SchemaRegistryException("x", 404, SchemaRegistryException.SCHEMA_NOT_FOUND).isRetriable())
                .isFalse();
        assertThat(new SchemaRegistryException("x", 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA).isRetriable())
                .isFalse();
        assertThat(new SchemaRegistryException("x", new SchemaParseException("not Avro")).isRetriable()).isFalse();
        assertThat(new SchemaRegistryException("x", new JsonParseException(null, "not JSON")).isRetriable()).isFalse();
    }
}
