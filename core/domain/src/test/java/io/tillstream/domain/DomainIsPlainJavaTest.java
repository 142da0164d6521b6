package io.tillstream.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The rules stay plain Java on the event model, so that the Streams processors, the replay and the
 * services share one copy and test it without a broker: nothing in this module may use Kafka (its
 * clients, Streams, Connect), Micronaut, or an HTTP server or client. ArchUnit's core API in a plain
 * JUnit test: the build fails on the first such import.
 */
class DomainIsPlainJavaTest {

    private static final ArchRule NO_FRAMEWORK = noClasses().that().resideInAPackage("io.tillstream.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.micronaut..",
                    "java.net.http..", "com.sun.net.httpserver..", "io.netty..", "jakarta.ws..")
            .because("business rules are plain Java on the event model (issue 19)");

    @Test
    void shouldUseNoFrameworkInTheDomain() {
        NO_FRAMEWORK.check(new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.tillstream.domain"));
    }

    @Test
    void shouldCatchAClassThatDoes() {
        assertThatThrownBy(() -> NO_FRAMEWORK.check(new ClassFileImporter().importClasses(UsesKafka.class)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("org.apache.kafka");
    }

    /** What the rule exists to refuse. */
    static final class UsesKafka {
        static String name() {
            return KafkaProducer.class.getName();
        }
    }
}
