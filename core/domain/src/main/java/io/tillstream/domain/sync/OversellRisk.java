package io.tillstream.domain.sync;

/**
 * When a store's stock change that Centra has not received yet lets the webshop sell what the store no
 * longer has: the rule by which the Centra sink spends its scarce budget on such changes first.
 */
public final class OversellRisk {

    /** At or below this many units on hand, a size is at risk of being oversold online. */
    public static final int DEFAULT_THRESHOLD = 2;

    private OversellRisk() {
    }

    /** A removal that leaves the store with {@code threshold} units or fewer: the webshop must stop selling them. */
    public static boolean lowAfterRemoval(int netDelta, int onHandAfter, int threshold) {
        return netDelta < 0 && onHandAfter <= threshold;
    }

    /**
     * Centra offers units the store no longer has: the webshop can still allocate some
     * ({@code centraFree}, Centra's free-to-allocate as last read; null when unknown), and the removal not
     * yet pushed takes all of them away. Every order Centra accepts for the size now is an oversell.
     */
    public static boolean exposed(int netDelta, Integer centraFree) {
        return netDelta < 0 && centraFree != null && centraFree > 0 && centraFree + netDelta <= 0;
    }
}
