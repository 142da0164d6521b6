package io.tillstream.testkit.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Random test inputs from one seed, so that a failing try can be run again exactly (see {@link Tries}).
 * Bounds are inclusive, and a bounded number is one of its bounds one time in eight: off-by-one faults
 * live there, and a uniform draw from a wide range would rarely reach them.
 */
public final class Generate {

    /** Code points a string may draw from: ASCII, Latin-1, other scripts, symbols, emoji, controls. */
    private static final int[][] ANY_TEXT = {{0x20, 0x7E}, {0x00, 0x1F}, {0xA0, 0xFF}, {0x370, 0x3FF},
        {0x4E00, 0x4FFF}, {0x2000, 0x206F}, {0x1F600, 0x1F64F}};

    private final Random random;

    /**
     * Tries use adjacent seeds ({@code base + i}), and {@code java.util.Random}'s first draws from
     * adjacent seeds are nearly the same: 50 tries of one property once drew 50 even numbers, so the
     * tries were not the independent inputs they claim to be. The seed is mixed first (SplittableRandom's
     * mix, a full avalanche), and a seed still reproduces its try exactly.
     */
    public Generate(long seed) {
        this.random = new Random(new SplittableRandom(seed).nextLong());
    }

    /** For what takes a {@link Random} (a shuffle). */
    public Random random() {
        return random;
    }

    public int between(int min, int max) {
        return (int) between((long) min, max);
    }

    public long between(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        if (random.nextInt(8) == 0) {
            return random.nextBoolean() ? min : max;
        }
        return min + (long) (random.nextDouble() * ((double) max - min + 1));
    }

    /** In [0, 1]. */
    public double fraction() {
        return random.nextInt(8) == 0 ? (random.nextBoolean() ? 0.0 : 1.0) : random.nextDouble();
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    public <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** One of several generators, each as likely. */
    public <T> T anyOf(List<Function<Generate, T>> generators) {
        return oneOf(generators).apply(this);
    }

    /**
     * A value by weight: {@code weighted(12, a, 4, b)} is a three times as often as b.
     *
     * @param weightsAndValues weight, value, weight, value, …
     */
    @SuppressWarnings("unchecked")
    public <T> T weighted(Object... weightsAndValues) {
        int total = 0;
        for (int i = 0; i < weightsAndValues.length; i += 2) {
            total += (Integer) weightsAndValues[i];
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weightsAndValues.length; i += 2) {
            pick -= (Integer) weightsAndValues[i];
            if (pick < 0) {
                return (T) weightsAndValues[i + 1];
            }
        }
        throw new IllegalStateException("unreachable");
    }

    public <T> List<T> listOf(int minSize, int maxSize, Function<Generate, T> element) {
        int size = between(minSize, maxSize);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(this));
        }
        return list;
    }

    /** A string of the given characters. */
    public String string(int minLength, int maxLength, String alphabet) {
        int length = between(minLength, maxLength);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Any text, up to {@code maxLength} code points: controls, other scripts and emoji included. */
    public String anyString(int maxLength) {
        int length = between(0, maxLength);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int[] range = ANY_TEXT[random.nextInt(ANY_TEXT.length)];
            s.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return s.toString();
    }

    /** Draws until {@code accepted}; the caller makes sure most draws are. */
    public <T> T such(Function<Generate, T> generator, Predicate<T> accepted) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            T value = generator.apply(this);
            if (accepted.test(value)) {
                return value;
            }
        }
        throw new IllegalStateException("1000 draws in a row were refused: the generator and the filter disagree");
    }
}
