package io.tillstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Test
    void shouldLetAServiceRegisterOnlyUnderItsOwnPrefixAndReRegisterWhatIsThere() {
        String writers = """
                # the deploy step
                deploy:deploy-secret-1
                stock-projector:projector-secret-1 tillstream-stock-projector-
                """;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory(0, writers)) {
            String url = registry.url().toString();
            SchemaRegistryClient deploy = client(url, "deploy:deploy-secret-1");
            SchemaRegistryClient projector = client(url, "stock-projector:projector-secret-1");
            SchemaRegistryClient anonymous = new SchemaRegistryClient(url);

            int id = deploy.register("stock.changes.v1-value", StockChange.getClassSchema());
            assertThat(anonymous.register("stock.changes.v1-value", StockChange.getClassSchema()))
                    .as("registering what the subject holds changes nothing: open, as a lookup").isEqualTo(id);
            assertThat(projector.register("tillstream-stock-projector-ledger-changelog-value",
                    StockChange.getClassSchema())).as("its own changelog subject").isEqualTo(id);

            SchemaRegistryException other = catchThrowableOfType(SchemaRegistryException.class,
                    () -> projector.register("stock.levels.v1-value", StockChange.getClassSchema()));
            assertThat(other.status()).as("a topic others read").isEqualTo(403);
            assertThat(other.getMessage()).contains("stock-projector", "stock.levels.v1-value")
                    .doesNotContain("projector-secret-1");
            SchemaRegistryException stranger = catchThrowableOfType(SchemaRegistryException.class,
                    () -> anonymous.register("tillstream-stock-projector-x-value", StockChange.getClassSchema()));
            assertThat(stranger.status()).isEqualTo(401);
        }
    }

    @Test
    void shouldRefuseAWritersFileWithoutCredentialsNamingNoSecret() {
        assertThatThrownBy(() -> Writers.parse("just-a-name-with-secret-9 prefix-"))
                .hasMessageContaining("Line 1").hasMessageNotContaining("secret-9");
        assertThatThrownBy(() -> Writers.parse("# only a comment\n")).hasMessageContaining("no one");
    }

    private static SchemaRegistryClient client(String url, String userInfo) {
        return new SchemaRegistryClient(Map.of(SchemaRegistryClientConfig.URL_CONFIG, url,
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, userInfo));
    }
}
