package io.tillstream.centra.simulator.model;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Centra's {@code StockFilter}. Each field is a set of ids (null = any) because GraphQL coerces a
 * single {@code warehouseId: 1} into a one-element list, so both spellings are accepted. Rows come
 * ordered by warehouse, then size.
 */
public record StockFilter(Set<Integer> warehouseIds, Set<Integer> productSizeIds, Set<Integer> productVariantIds,
                          Set<Integer> productIds) {

    public static final StockFilter ALL = new StockFilter(null, null, null, null);

    public StockFilter {
        warehouseIds = warehouseIds == null ? null : Set.copyOf(warehouseIds);
        productSizeIds = productSizeIds == null ? null : Set.copyOf(productSizeIds);
        productVariantIds = productVariantIds == null ? null : Set.copyOf(productVariantIds);
        productIds = productIds == null ? null : Set.copyOf(productIds);
    }

    public StockFilter withWarehouse(final int id) {
        return new StockFilter(Set.of(id), productSizeIds, productVariantIds, productIds);
    }

    public StockFilter withSize(final int id) {
        return new StockFilter(warehouseIds, Set.of(id), productVariantIds, productIds);
    }

    public List<StockLevel> select(final SimulationState state) {
        final Stream<StockLevel> rows;
        if (productSizeIds != null) {
            // A few sizes: look each up per warehouse instead of scanning every row of the tenant.
            rows = state.catalog().warehouses().stream()
                    .filter(w -> warehouseIds == null || warehouseIds.contains(w.id()))
                    .flatMap(w -> productSizeIds.stream().sorted()
                            .filter(sizeId -> state.ledger().exists(w.id(), sizeId))
                            .map(sizeId -> state.ledger().level(w.id(), sizeId)));
        } else if (warehouseIds != null) {
            rows = warehouseIds.stream().sorted().flatMap(id -> state.ledger().inWarehouse(id).stream());
        } else {
            rows = state.ledger().all().stream();
        }
        return rows.filter(level -> matchesProduct(state.catalog(), level)).toList();
    }

    private boolean matchesProduct(final Catalog catalog, final StockLevel level) {
        if (productVariantIds == null && productIds == null) {
            return true;
        }
        final ProductSize size = catalog.size(level.productSizeId()).orElse(null);
        if (size == null || productVariantIds != null && !productVariantIds.contains(size.variantId())) {
            return false;
        }
        return productIds == null
                || catalog.variant(size.variantId()).map(v -> productIds.contains(v.productId())).orElse(false);
    }
}
