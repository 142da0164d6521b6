package io.tillstream.registry.serde;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Adds classes to Avro's class trust list. Avro 1.12 refuses to instantiate a class
 * named in a schema unless it is trusted ({@code org.apache.avro.SERIALIZABLE_PACKAGES} system
 * property, or a predicate set through {@link ClassSecurityValidator#setGlobal}); that guards against
 * a hostile schema naming an arbitrary class. The serdes trust exactly the generated classes that
 * the application itself named as its reader or writer type (and the records and enums inside
 * them), so the system property is not needed. Data can not widen this set: Avro picks classes by
 * the reader schema's names, and the reader schema comes from the application, not the registry.
 *
 * <p>Avro offers only a global predicate, so this wraps whatever predicate is installed (the
 * system-property default, or an application's own) and delegates to it for every other class,
 * including its reaction to a forbidden class.
 */
final class TrustedAvroClasses implements ClassSecurityPredicate {

    private static final Set<String> TRUSTED = ConcurrentHashMap.newKeySet();
    private static ClassSecurityPredicate installed; // guarded by TrustedAvroClasses.class

    private final ClassSecurityPredicate previous;

    private TrustedAvroClasses(ClassSecurityPredicate previous) {
        this.previous = previous;
    }

    static void trust(Class<?> type) {
        TRUSTED.add(type.getName());
        install();
    }

    private static synchronized void install() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        // Wrap again only if someone replaced the predicate since: the chain does not grow per call.
        if (current != installed) {
            installed = new TrustedAvroClasses(current);
            ClassSecurityValidator.setGlobal(installed);
        }
    }

    @Override
    public boolean isTrusted(Class<?> type) {
        return TRUSTED.contains(type.getName()) || previous.isTrusted(type);
    }

    @Override
    public void forbiddenClass(String className) {
        previous.forbiddenClass(className);
    }
}
