package io.tillstream.testkit;

import io.tillstream.embedded.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives integration tests a real broker: Testcontainers' {@code apache/kafka} when a Docker daemon
 * answers, else Kafka's own server in this JVM. Never a mock. One broker is shared by all tests of
 * a test JVM (started on first use, stopped when the JVM's test run ends), so tests must use their
 * own topic names or consumer groups.
 *
 * <pre>{@code @ExtendWith(KafkaExtension.class) class FooIT { @Test void x(KafkaCluster kafka) {...} } }</pre>
 */
public final class KafkaExtension implements ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(KafkaExtension.class);
    /** The image the Docker path uses; override with -Dtillstream.kafka.image=… */
    static final String IMAGE = System.getProperty("tillstream.kafka.image", "apache/kafka:4.4.0");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.getOrComputeIfAbsent(Broker.class, k -> Broker.start(), Broker.class).cluster;
    }

    /** Owns the broker's lifecycle; JUnit closes it when the root context ends. */
    static final class Broker implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final KafkaCluster cluster;
        private final AutoCloseable resource;

        private Broker(KafkaCluster cluster, AutoCloseable resource) {
            this.cluster = cluster;
            this.resource = resource;
        }

        static Broker start() {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                KafkaContainer container = new KafkaContainer(IMAGE);
                container.start();
                KafkaCluster cluster = new Cluster(container.getBootstrapServers(), "testcontainers (" + IMAGE + ")");
                log.info("Integration tests use Kafka from Testcontainers ({}) at {}", IMAGE, cluster.bootstrapServers());
                return new Broker(cluster, container::stop);
            }
            EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
            KafkaCluster cluster = new Cluster(kafka.bootstrapServers(), "in-process KRaft");
            log.info("No Docker daemon: integration tests use the in-process KRaft broker at {}",
                    cluster.bootstrapServers());
            return new Broker(cluster, kafka);
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    private record Cluster(String bootstrapServers, String kind) implements KafkaCluster {
    }
}
