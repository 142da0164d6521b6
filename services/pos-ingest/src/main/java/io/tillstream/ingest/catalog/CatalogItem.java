package io.tillstream.ingest.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tillstream.schemas.CatalogEntry;

/**
 * One Centra size as a till sees it: Centra's ids and numbers, the product's and variant's names, the
 * size's barcodes (null: none) and whether it is sold.
 */
@Serdeable
public record CatalogItem(String sku, int productId, String productNumber,
                          @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String productName, int variantId,
                          String variantNumber, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String variantName,
                          int sizeId, String sizeName, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String ean,
                          @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String upc, boolean active) {

    static CatalogItem of(CatalogEntry e) {
        return new CatalogItem(e.getSku(), e.getProductId(), e.getProductNumber(), e.getProductName(),
                e.getVariantId(), e.getVariantNumber(), e.getVariantName(), e.getSizeId(), e.getSizeName(), e.getEan(),
                e.getUpc(), e.getActive());
    }
}
