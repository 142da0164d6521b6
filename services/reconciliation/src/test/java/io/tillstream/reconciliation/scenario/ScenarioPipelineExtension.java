package io.tillstream.reconciliation.scenario;

import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives the scenarios of a test class one {@link ScenarioPipeline}, started on first use and closed
 * when the class is done: starting reconciliation costs seconds, and the scenarios of a class do not
 * disturb each other (own stores and SKUs). Not one per JVM: the app would go on reading and writing
 * the shared topics while other test classes run. It rides on {@link KafkaExtension}'s shared broker.
 */
public final class ScenarioPipelineExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ScenarioPipeline.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KafkaCluster kafka = (KafkaCluster) new KafkaExtension().resolveParameter(parameter, context);
        ExtensionContext testClass = context;
        while (testClass.getTestMethod().isPresent() && testClass.getParent().isPresent()) {
            testClass = testClass.getParent().get();
        }
        return testClass.getStore(ExtensionContext.Namespace.create(ScenarioPipelineExtension.class))
                .getOrComputeIfAbsent(ScenarioPipeline.class, k -> ScenarioPipeline.start(kafka),
                        ScenarioPipeline.class);
    }
}
