package io.tillstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.client.SchemaRegistryClientConfig;
import io.tillstream.registry.client.SchemaRegistryException;
import io.tillstream.schemas.StockChange;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With a writer credential, only it registers schemas: an attacker who reaches the registry can no
 * longer register a schema that makes the services' records unreadable; every client still reads.
 */
class RegistryWriterTest {

    @Test
    void shouldLetOnlyTheWriterRegisterAndEveryoneRead() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory(0, "services:writer-secret-1")) {
            String url = registry.url().toString();
            SchemaRegistryClient anonymous = new SchemaRegistryClient(url);
            SchemaRegistryClient wrong = new SchemaRegistryClient(Map.of(SchemaRegistryClientConfig.URL_CONFIG, url,
                    SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, "services:guess"));
            SchemaRegistryClient writer = new SchemaRegistryClient(Map.of(SchemaRegistryClientConfig.URL_CONFIG, url,
                    SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, "services:writer-secret-1"));

            for (SchemaRegistryClient refused : new SchemaRegistryClient[] {anonymous, wrong}) {
                SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                        () -> refused.register("stock.changes.v1-value", StockChange.getClassSchema()));
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.isRetriable()).as("a refusal is not an outage to wait out").isFalse();
                assertThat(e.getMessage()).doesNotContain("writer-secret-1", "guess");
            }

            int id = writer.register("stock.changes.v1-value", StockChange.getClassSchema());
            assertThat(anonymous.lookup("stock.changes.v1-value", StockChange.getClassSchema())).contains(id);
            assertThat(anonymous.getById(id)).isEqualTo(StockChange.getClassSchema());
        }
    }
}
