package io.tillstream.centra.simulator.model;

/**
 * How a mutation names a product size: Centra's {@code ProductSizeInput} (exactly one of
 * id, SKU, EAN, UPC, any) or a variant plus a size of it.
 */
public sealed interface SizeRef {

    /** Text for a user error, e.g. {@code SKU "CAS-TEE-BLK-M"}. */
    String describe();

    /** One field of {@code ProductSizeInput}; {@code any} tries SKU, then EAN, then UPC. */
    record ByField(Field field, String value) implements SizeRef {
        @Override
        public String describe() {
            return field + " \"" + value + "\"";
        }
    }

    /** {@code productVariant{id}} plus {@code size{id | name}}; the size id is the product size id. */
    record ByVariantSize(int variantId, Integer sizeId, String sizeName) implements SizeRef {
        @Override
        public String describe() {
            return "size " + (sizeName != null ? "\"" + sizeName + "\"" : "id " + sizeId) + " of variant " + variantId;
        }
    }

    /** Field names exactly as in Centra's schema. */
    enum Field { id, SKU, EAN, UPC, any }
}
