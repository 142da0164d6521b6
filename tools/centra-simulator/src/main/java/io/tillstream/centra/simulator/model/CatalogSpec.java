package io.tillstream.centra.simulator.model;

import java.util.List;

/**
 * The body of {@code POST /_sim/catalog}: every key optional. Product, variant and size ids are
 * assigned by the simulator; warehouse and market ids may be given so tests and the launcher can
 * refer to them.
 */
public record CatalogSpec(List<WarehouseSpec> warehouses, List<MarketSpec> markets, List<ProductSpec> products,
                          List<StockSpec> stock) {

    public CatalogSpec {
        warehouses = warehouses == null ? List.of() : List.copyOf(warehouses);
        markets = markets == null ? List.of() : List.copyOf(markets);
        products = products == null ? List.of() : List.copyOf(products);
        stock = stock == null ? List.of() : List.copyOf(stock);
    }

    /**
     * A warehouse; {@code id} null means "assign one", {@code threshold} null means 0 (see
     * {@link Warehouse#threshold()}). An existing warehouse keeps its own threshold.
     */
    public record WarehouseSpec(Integer id, String name, Integer threshold) {

        /** A warehouse without a threshold, as callers written before the field existed build it. */
        public WarehouseSpec(final Integer id, final String name) {
            this(id, name, null);
        }
    }

    /** A market and its allocation rule (warehouse ids in priority order). */
    public record MarketSpec(Integer id, String name, List<Integer> allocationRule) {
        public MarketSpec {
            allocationRule = allocationRule == null ? List.of() : List.copyOf(allocationRule);
        }
    }

    /** A product; an existing productNumber gets the new variants added to it. */
    public record ProductSpec(String productNumber, String name, List<VariantSpec> variants) {
        public ProductSpec {
            variants = variants == null ? List.of() : List.copyOf(variants);
        }
    }

    /** A variant; an existing variantNumber of the product gets the new sizes added to it. */
    public record VariantSpec(String variantNumber, String name, List<SizeSpec> sizes) {
        public VariantSpec {
            sizes = sizes == null ? List.of() : List.copyOf(sizes);
        }
    }

    /** A size; {@code sizeNumber} defaults to {@code name}, {@code upc} is optional. An existing SKU is skipped. */
    public record SizeSpec(String name, String sku, String gtin, String sizeNumber, String upc) {

        /** A size without a UPC, as callers written before the field existed build it. */
        public SizeSpec(final String name, final String sku, final String gtin, final String sizeNumber) {
            this(name, sku, gtin, sizeNumber, null);
        }
    }

    /** Initial stock of a row that does not exist yet; not logged as a mutation. */
    public record StockSpec(int warehouseId, String sku, int physical, Integer allocated) {
    }

    /** How much of a catalog request was new. */
    public record Result(int warehouses, int markets, int products, int variants, int sizes, int stock) {
    }
}
