package io.tillstream.centra.simulator.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Products, variants, sizes, warehouses and markets, with the indexes mutations need to resolve a
 * size by SKU, GTIN or UPC in constant time. Not thread-safe: {@link Simulation} guards it.
 */
public final class Catalog {

    private final Map<Integer, Product> products = new LinkedHashMap<>();
    private final Map<String, Integer> productIdByNumber = new HashMap<>();
    private final Map<Integer, ProductVariant> variants = new LinkedHashMap<>();
    private final Map<Integer, List<Integer>> variantIdsByProduct = new HashMap<>();
    private final Map<Integer, ProductSize> sizes = new LinkedHashMap<>();
    private final Map<Integer, List<Integer>> sizeIdsByVariant = new HashMap<>();
    private final Map<String, Integer> sizeIdBySku = new HashMap<>();
    private final Map<String, Integer> sizeIdByGtin = new HashMap<>();
    private final Map<String, Integer> sizeIdByUpc = new HashMap<>();
    private final Map<Integer, Warehouse> warehouses = new TreeMap<>();
    private final Map<Integer, Market> markets = new TreeMap<>();

    public void add(final Product product) {
        products.put(product.id(), product);
        productIdByNumber.put(product.productNumber(), product.id());
    }

    public void add(final ProductVariant variant) {
        variants.put(variant.id(), variant);
        variantIdsByProduct.computeIfAbsent(variant.productId(), k -> new ArrayList<>()).add(variant.id());
    }

    public void add(final ProductSize size) {
        sizes.put(size.id(), size);
        sizeIdsByVariant.computeIfAbsent(size.variantId(), k -> new ArrayList<>()).add(size.id());
        sizeIdBySku.put(size.sku(), size.id());
        if (size.gtin() != null) {
            sizeIdByGtin.put(size.gtin(), size.id());
        }
        if (size.upc() != null) {
            sizeIdByUpc.put(size.upc(), size.id());
        }
    }

    public void add(final Warehouse warehouse) {
        warehouses.put(warehouse.id(), warehouse);
    }

    public void add(final Market market) {
        markets.put(market.id(), market);
    }

    public Optional<Product> product(final int id) {
        return Optional.ofNullable(products.get(id));
    }

    public Optional<Product> productByNumber(final String productNumber) {
        return Optional.ofNullable(productIdByNumber.get(productNumber)).map(products::get);
    }

    public Optional<ProductVariant> variant(final int id) {
        return Optional.ofNullable(variants.get(id));
    }

    public Optional<ProductSize> size(final int id) {
        return Optional.ofNullable(sizes.get(id));
    }

    public Optional<ProductSize> sizeBySku(final String sku) {
        return Optional.ofNullable(sizeIdBySku.get(sku)).map(sizes::get);
    }

    public Optional<ProductSize> sizeByGtin(final String gtin) {
        return Optional.ofNullable(sizeIdByGtin.get(gtin)).map(sizes::get);
    }

    public Optional<ProductSize> sizeByUpc(final String upc) {
        return Optional.ofNullable(sizeIdByUpc.get(upc)).map(sizes::get);
    }

    public Optional<Warehouse> warehouse(final int id) {
        return Optional.ofNullable(warehouses.get(id));
    }

    public Optional<Market> market(final int id) {
        return Optional.ofNullable(markets.get(id));
    }

    public Optional<Market> marketByName(final String name) {
        return markets.values().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public List<Product> products() {
        return List.copyOf(products.values());
    }

    public List<ProductVariant> variantsOf(final int productId) {
        return variantIdsByProduct.getOrDefault(productId, List.of()).stream().map(variants::get).toList();
    }

    public List<ProductVariant> variants() {
        return List.copyOf(variants.values());
    }

    public List<ProductSize> sizesOf(final int variantId) {
        return sizeIdsByVariant.getOrDefault(variantId, List.of()).stream().map(sizes::get).toList();
    }

    public List<ProductSize> sizes() {
        return List.copyOf(sizes.values());
    }

    public List<Warehouse> warehouses() {
        return List.copyOf(warehouses.values());
    }

    public List<Market> markets() {
        return List.copyOf(markets.values());
    }

    /** Resolves a size reference the way Centra documents it; empty when nothing matches. */
    public Optional<ProductSize> resolve(final SizeRef ref) {
        if (ref instanceof SizeRef.ByVariantSize byVariant) {
            return sizesOf(byVariant.variantId()).stream()
                    .filter(s -> byVariant.sizeName() != null
                            ? byVariant.sizeName().equals(s.description()) || byVariant.sizeName().equals(s.sizeNumber())
                            : byVariant.sizeId() != null && byVariant.sizeId() == s.id())
                    .findFirst();
        }
        final SizeRef.ByField byField = (SizeRef.ByField) ref;
        final String value = byField.value();
        return switch (byField.field()) {
            case id -> parseId(value).flatMap(this::size);
            case SKU -> sizeBySku(value);
            case EAN -> sizeByGtin(value);
            case UPC -> byUpc(value);
            case any -> sizeBySku(value).or(() -> sizeByGtin(value)).or(() -> byUpc(value));
        };
    }

    /**
     * The size whose catalogue UPC this is. A size seeded without one is still found through its
     * GTIN: a UPC-A is a GTIN-13 without its leading zero, so either spelling finds it.
     */
    private Optional<ProductSize> byUpc(final String upc) {
        return sizeByUpc(upc).or(() -> sizeByGtin(upc)).or(() -> sizeByGtin("0" + upc));
    }

    private static Optional<Integer> parseId(final String value) {
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
