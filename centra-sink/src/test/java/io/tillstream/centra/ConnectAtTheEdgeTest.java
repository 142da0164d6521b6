package io.tillstream.centra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Kafka Connect stays at the tasks' edge: the sync logic and the Centra client are plain Java (and
 * Kafka's TopicPartition), tested with the simulator or a fake client, without a Connect worker.
 * The sink task turns their exceptions into Connect's and their record references back into records.
 */
class ConnectAtTheEdgeTest {

    @Test
    void shouldKeepConnectOutOfTheSyncAndTheClient() {
        noClasses().that().resideInAnyPackage("io.tillstream.centra.sink.sync..", "io.tillstream.centra.client..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.connect..")
                .because("Connect types belong at the task's edge (issue 19)")
                .check(new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                        .importPackages("io.tillstream.centra"));
    }

    @Test
    void shouldKeepTheSourcesAndTheClientIndependentOfTheSink() {
        noClasses().that().resideInAnyPackage("io.tillstream.centra.source..", "io.tillstream.centra.client..")
                .should().dependOnClassesThat().resideInAPackage("io.tillstream.centra.sink..")
                .because("the sink, the sources and the audit share one Centra client (issue 19)")
                .check(new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                        .importPackages("io.tillstream.centra"));
    }
}
