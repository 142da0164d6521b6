package io.tillstream.testkit.property;

/**
 * A property checked on many generated inputs, in plain JUnit 5: try {@code i} draws from seed
 * {@code base + i}, the base seed is printed, and a failure names the seed that reproduces it alone:
 * {@code -Dtillstream.seed=S -Dtillstream.tries=1}. Without {@code tillstream.seed} each run starts from
 * a new base, so the suite keeps exploring. No shrinking: the failing input is printed instead.
 */
public final class Tries {

    /** One try of a property; it throws (an assertion) when the property does not hold. */
    @FunctionalInterface
    public interface Property {
        void check(Generate generate) throws Exception;
    }

    private Tries() {
    }

    public static void check(String name, int tries, Property property) {
        Long fixed = Long.getLong("tillstream.seed");
        long base = fixed != null ? fixed : System.nanoTime();
        int count = Integer.getInteger("tillstream.tries", tries);
        System.out.printf("%s: %d tries from seed %d%n", name, count, base);
        for (int i = 0; i < count; i++) {
            long seed = base + i;
            try {
                property.check(new Generate(seed));
            } catch (Exception | AssertionError e) {
                throw new AssertionError(name + ": try " + (i + 1) + " of " + count + " failed; run it alone with"
                        + " -Dtillstream.seed=" + seed + " -Dtillstream.tries=1: " + e.getMessage(), e);
            }
        }
    }
}
