package io.tillstream.ingest.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tillstream.schemas.CatalogEntry;

/** One Centra size as a till sees it: Centra's ids and numbers, its name, barcode (null: none) and whether it is sold. */
@Serdeable
public record CatalogItem(String sku, int productId, String productNumber, int variantId, String variantNumber,
                          int sizeId, String sizeName,
                          @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String ean, boolean active) {

    static CatalogItem of(CatalogEntry e) {
        return new CatalogItem(e.getSku(), e.getProductId(), e.getProductNumber(), e.getVariantId(),
                e.getVariantNumber(), e.getSizeId(), e.getSizeName(), e.getEan(), e.getActive());
    }
}
