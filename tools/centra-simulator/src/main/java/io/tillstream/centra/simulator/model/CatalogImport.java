package io.tillstream.centra.simulator.model;

import io.tillstream.centra.simulator.model.CatalogSpec.MarketSpec;
import io.tillstream.centra.simulator.model.CatalogSpec.ProductSpec;
import io.tillstream.centra.simulator.model.CatalogSpec.SizeSpec;
import io.tillstream.centra.simulator.model.CatalogSpec.StockSpec;
import io.tillstream.centra.simulator.model.CatalogSpec.VariantSpec;
import io.tillstream.centra.simulator.model.CatalogSpec.WarehouseSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the tenant from a {@link CatalogSpec}. The whole request is checked before anything is
 * added, and re-sending it is harmless: existing warehouses, markets, SKUs and stock rows are
 * skipped, so the launcher can seed on every start without undoing what happened since.
 */
public final class CatalogImport {

    private static final Logger log = LoggerFactory.getLogger(CatalogImport.class);

    private final SimulationState state;

    public CatalogImport(final SimulationState state) {
        this.state = state;
    }

    /** @throws IllegalArgumentException naming the first invalid entry; nothing is added then */
    public CatalogSpec.Result apply(final CatalogSpec spec) {
        validate(spec);
        final Catalog catalog = state.catalog();
        int warehouses = 0;
        for (WarehouseSpec w : spec.warehouses()) {
            if (w.id() == null || catalog.warehouse(w.id()).isEmpty()) {
                final int id = w.id() != null ? w.id() : state.ids().next(IdSequence.WAREHOUSE);
                state.ids().reserve(IdSequence.WAREHOUSE, id);
                catalog.add(new Warehouse(id, w.name(), w.threshold() != null ? w.threshold() : 0));
                warehouses++;
            }
        }
        int markets = 0;
        for (MarketSpec m : spec.markets()) {
            if (catalog.marketByName(m.name()).isEmpty() && (m.id() == null || catalog.market(m.id()).isEmpty())) {
                final int id = m.id() != null ? m.id() : state.ids().next(IdSequence.MARKET);
                state.ids().reserve(IdSequence.MARKET, id);
                catalog.add(new Market(id, m.name(), m.allocationRule()));
                markets++;
            }
        }
        final Tally added = new Tally();
        spec.products().forEach(p -> addProduct(p, added));
        int stock = 0;
        for (StockSpec s : spec.stock()) {
            final ProductSize size = catalog.sizeBySku(s.sku()).orElseThrow();
            // Initial stock only: a restarted launcher re-seeding must not undo what happened since.
            if (!state.ledger().exists(s.warehouseId(), size.id())) {
                state.ledger().put(new StockLevel(s.warehouseId(), size.id(), s.physical(),
                        s.allocated() != null ? s.allocated() : 0));
                stock++;
            }
        }
        final CatalogSpec.Result result = new CatalogSpec.Result(warehouses, markets, added.products,
                added.variants, added.sizes, stock);
        log.info("Catalog applied: {}", result);
        return result;
    }

    private void addProduct(final ProductSpec spec, final Tally added) {
        final Catalog catalog = state.catalog();
        final Product product = catalog.productByNumber(spec.productNumber()).orElseGet(() -> {
            final Product p = new Product(state.ids().next(IdSequence.PRODUCT), spec.productNumber(),
                    spec.name() != null ? spec.name() : spec.productNumber());
            catalog.add(p);
            added.products++;
            return p;
        });
        for (VariantSpec v : spec.variants()) {
            final ProductVariant variant = catalog.variantsOf(product.id()).stream()
                    .filter(existing -> existing.variantNumber().equals(v.variantNumber())).findFirst()
                    .orElseGet(() -> {
                        final ProductVariant pv = new ProductVariant(state.ids().next(IdSequence.VARIANT), product.id(),
                                v.variantNumber(), v.name() != null ? v.name() : v.variantNumber());
                        catalog.add(pv);
                        added.variants++;
                        return pv;
                    });
            for (SizeSpec s : v.sizes()) {
                if (catalog.sizeBySku(s.sku()).isPresent()) {
                    continue;
                }
                final ProductSize size = new ProductSize(state.ids().next(IdSequence.SIZE), variant.id(), s.sku(),
                        s.gtin(), s.upc(), s.sizeNumber() != null ? s.sizeNumber() : s.name(), s.name());
                catalog.add(size);
                state.emit(EventObjectType.ProductSize, EventChangeType.CREATED, size.id());
                added.sizes++;
            }
        }
    }

    /** Counts of catalogue objects a request added. */
    private static final class Tally {
        private int products;
        private int variants;
        private int sizes;
    }

    private void validate(final CatalogSpec spec) {
        final Set<Integer> warehouseIds = new HashSet<>();
        state.catalog().warehouses().forEach(w -> warehouseIds.add(w.id()));
        for (WarehouseSpec w : spec.warehouses()) {
            require(w.name() != null && !w.name().isBlank(), "every warehouse needs a name");
            require(w.id() == null || w.id() > 0, "warehouse ids must be positive");
            require(w.threshold() == null || w.threshold() >= 0, "warehouse thresholds must be >= 0");
            if (w.id() != null) {
                warehouseIds.add(w.id());
            }
        }
        for (MarketSpec m : spec.markets()) {
            require(m.name() != null && !m.name().isBlank(), "every market needs a name");
            m.allocationRule().forEach(id -> require(warehouseIds.contains(id),
                    "market " + m.name() + " allocates from unknown warehouse " + id));
        }
        final Map<String, String> skuByGtin = new HashMap<>();
        state.catalog().sizes().stream().filter(s -> s.gtin() != null).forEach(s -> skuByGtin.put(s.gtin(), s.sku()));
        final Map<String, String> skuByUpc = new HashMap<>();
        state.catalog().sizes().stream().filter(s -> s.upc() != null).forEach(s -> skuByUpc.put(s.upc(), s.sku()));
        final Set<String> skus = new HashSet<>();
        state.catalog().sizes().forEach(s -> skus.add(s.sku()));
        for (ProductSpec p : spec.products()) {
            require(p.productNumber() != null && !p.productNumber().isBlank(), "every product needs a productNumber");
            for (VariantSpec v : p.variants()) {
                require(v.variantNumber() != null && !v.variantNumber().isBlank(),
                        "every variant of " + p.productNumber() + " needs a variantNumber");
                for (SizeSpec s : v.sizes()) {
                    require(s.sku() != null && !s.sku().isBlank(), "every size needs a sku");
                    skus.add(s.sku());
                    if (s.gtin() != null) {
                        final String owner = skuByGtin.putIfAbsent(s.gtin(), s.sku());
                        require(owner == null || owner.equals(s.sku()), "GTIN " + s.gtin() + " already belongs to " + owner);
                    }
                    if (s.upc() != null) {
                        final String owner = skuByUpc.putIfAbsent(s.upc(), s.sku());
                        require(owner == null || owner.equals(s.sku()), "UPC " + s.upc() + " already belongs to " + owner);
                    }
                }
            }
        }
        for (StockSpec s : spec.stock()) {
            require(warehouseIds.contains(s.warehouseId()), "stock names unknown warehouse " + s.warehouseId());
            require(skus.contains(s.sku()), "stock names unknown SKU " + s.sku());
            require(s.physical() >= 0 && (s.allocated() == null || s.allocated() >= 0),
                    "stock quantities must be >= 0 for " + s.sku());
        }
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
