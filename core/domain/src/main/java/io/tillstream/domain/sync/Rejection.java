package io.tillstream.domain.sync;

import java.util.Optional;

/**
 * Why the Centra sink parked a change on its dead-letter topic. The reason travels as the text of
 * Connect's error header, starting with the code in brackets ({@code [SIZE_REFUSED] Centra refused …});
 * the sink writes it, reconciliation routes it to an owner and the re-drive tool chooses by it, all
 * through this one type.
 */
public enum Rejection {

    /** Centra has no size with the SKU: the owner is ecommerce; the sink pushes the size once it exists. */
    SIZE_REFUSED,
    /** The store has no Centra warehouse in the sink's mapping: the integration team maps it, then re-drives. */
    UNMAPPED_LOCATION,
    /** Centra refused an audit's correction (or cannot take one): the integration team applies it by hand. */
    CORRECTION_REFUSED,
    /**
     * This Centra cannot be asked whether a correction was applied (no stock-change query by
     * description), so it is not sent: sending it blind could apply it twice.
     */
    REPAIR_UNSUPPORTED;

    /** The reason text: the code in brackets, then what happened. */
    public String reason(String detail) {
        return "[" + name() + "] " + detail;
    }

    /** The rejection a reason text starts with, if any. */
    public static Optional<Rejection> of(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        for (Rejection rejection : values()) {
            if (reason.startsWith("[" + rejection.name() + "]")) {
                return Optional.of(rejection);
            }
        }
        return Optional.empty();
    }
}
