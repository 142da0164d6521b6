package io.tillstream.centra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Kafka Connect stays at the tasks' edge: the sync logic and the Centra client are plain Java (and
 * Kafka's TopicPartition), tested with the simulator or a fake client, without a Connect worker. The
 * sink task turns their exceptions into Connect's and their record references back into records. And
 * the sources and the client never reach into the sink. ArchUnit's {@code check} fails the test with
 * every offending dependency named.
 */
class ConnectAtTheEdgeTest {

    private static final ArchRule NO_CONNECT_INSIDE = noClasses()
            .that().resideInAnyPackage("io.tillstream.centra.sink.sync..", "io.tillstream.centra.client..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.connect..")
            .because("Connect types belong at the task's edge (issue 19)");

    private static final ArchRule ONE_CLIENT = noClasses()
            .that().resideInAnyPackage("io.tillstream.centra.source..", "io.tillstream.centra.client..")
            .should().dependOnClassesThat().resideInAPackage("io.tillstream.centra.sink..")
            .because("the sink, the sources and the audit share one Centra client (issue 19)");

    private static final JavaClasses PLUGIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("io.tillstream.centra");

    @Test
    void shouldKeepConnectOutOfTheSyncAndTheClient() {
        NO_CONNECT_INSIDE.check(PLUGIN);
    }

    @Test
    void shouldKeepTheSourcesAndTheClientIndependentOfTheSink() {
        ONE_CLIENT.check(PLUGIN);
    }

    @Test
    void shouldCatchASyncClassThatUsesConnect() {
        assertThatThrownBy(() -> NO_CONNECT_INSIDE.check(new ClassFileImporter()
                .importClasses(io.tillstream.centra.sink.sync.UsesConnect.class)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("org.apache.kafka.connect");
    }
}
