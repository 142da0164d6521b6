package io.tillstream.centra.simulator.model;

/**
 * A product size, the level that carries stock and identifiers.
 *
 * @param sku         the full SKU, unique across the tenant
 * @param gtin        GTIN-13 (EAN), nullable
 * @param upc         UPC as the catalogue gives it, nullable; a snapshot written before the field
 *                    existed loads with none
 * @param sizeNumber  Centra's "SKU suffix"
 * @param description the size label shown to people, e.g. "M"
 */
public record ProductSize(int id, int variantId, String sku, String gtin, String upc, String sizeNumber,
                          String description) {
}
