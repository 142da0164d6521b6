package io.tillstream.centra.simulator.graphql;

import io.tillstream.centra.simulator.model.PayloadMessage;
import io.tillstream.centra.simulator.model.SizeRef;
import io.tillstream.centra.simulator.model.StockCommands;
import io.tillstream.centra.simulator.model.StockCommands.Line;
import io.tillstream.centra.simulator.model.StockFilter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns coerced GraphQL input maps into model commands. Shape problems GraphQL validation cannot
 * catch (a ProductSizeInput with two fields) become userErrors with the input path, as Centra
 * reports them.
 */
final class InputReader {

    private InputReader() {
    }

    /** A command plus the input errors found while reading it; run the command only if there are none. */
    record Parsed<T>(T command, List<PayloadMessage> errors) {
    }

    static Parsed<StockCommands.ChangeStock> changeStock(final Map<String, Object> input) {
        final List<PayloadMessage> errors = new ArrayList<>();
        final List<Line> lines = new ArrayList<>();
        readProductSizes(input, "quantity", lines, errors);
        readProductVariants(input, "sizeChanges", "deliveredQuantity", lines, errors);
        return new Parsed<>(new StockCommands.ChangeStock((String) input.get("description"),
                referenceId(input.get("intoWarehouse")), referenceId(input.get("outFromWarehouse")), lines), errors);
    }

    static Parsed<StockCommands.SetStock> setStock(final Map<String, Object> input) {
        final List<PayloadMessage> errors = new ArrayList<>();
        final List<Line> lines = new ArrayList<>();
        readProductSizes(input, "quantity", lines, errors);
        readProductVariants(input, "sizeStockLevels", "quantity", lines, errors);
        return new Parsed<>(new StockCommands.SetStock((String) input.get("description"),
                referenceId(input.get("warehouse")),
                StockCommands.QuantityType.valueOf((String) input.get("stockQuantityType")), lines), errors);
    }

    @SuppressWarnings("unchecked")
    static StockFilter stockFilter(final Object where) {
        if (!(where instanceof Map<?, ?>)) {
            return StockFilter.ALL;
        }
        final Map<String, Object> w = (Map<String, Object>) where;
        return new StockFilter(ids(w.get("warehouseId")), ids(w.get("productSizeId")), ids(w.get("productVariantId")),
                ids(w.get("productId")));
    }

    @SuppressWarnings("unchecked")
    private static void readProductSizes(final Map<String, Object> input, final String quantityField,
                                         final List<Line> lines, final List<PayloadMessage> errors) {
        final List<Map<String, Object>> items = (List<Map<String, Object>>) input.get("productSizes");
        for (int i = 0; items != null && i < items.size(); i++) {
            final List<Object> path = List.of("input", "productSizes", i);
            final Map<String, Object> ref = (Map<String, Object>) items.get(i).get("productSize");
            final List<Map.Entry<String, Object>> given = ref.entrySet().stream().filter(e -> e.getValue() != null)
                    .toList();
            if (given.size() != 1) {
                errors.add(new PayloadMessage("ProductSizeInput needs exactly one of id, SKU, EAN, UPC, any; got "
                        + given.size(), append(path, "productSize")));
                continue;
            }
            final String field = given.get(0).getKey();
            lines.add(new Line(new SizeRef.ByField(SizeRef.Field.valueOf(field), String.valueOf(given.get(0).getValue())),
                    (Integer) items.get(i).get(quantityField), append(path, "productSize", field),
                    append(path, quantityField)));
        }
    }

    @SuppressWarnings("unchecked")
    private static void readProductVariants(final Map<String, Object> input, final String sizesField,
                                            final String quantityField, final List<Line> lines,
                                            final List<PayloadMessage> errors) {
        final List<Map<String, Object>> items = (List<Map<String, Object>>) input.get("productVariants");
        for (int i = 0; items != null && i < items.size(); i++) {
            final int variantId = referenceId(items.get(i).get("productVariant"));
            final List<Map<String, Object>> sizes = (List<Map<String, Object>>) items.get(i).get(sizesField);
            for (int j = 0; j < sizes.size(); j++) {
                final List<Object> path = List.of("input", "productVariants", i, sizesField, j);
                final Map<String, Object> size = (Map<String, Object>) sizes.get(j).get("size");
                final Integer sizeId = (Integer) size.get("id");
                final String sizeName = (String) size.get("name");
                if ((sizeId == null) == (sizeName == null)) {
                    errors.add(new PayloadMessage("SizeInput needs exactly one of id, name", append(path, "size")));
                    continue;
                }
                lines.add(new Line(new SizeRef.ByVariantSize(variantId, sizeId, sizeName),
                        (Integer) sizes.get(j).get(quantityField), append(path, "size"), append(path, quantityField)));
            }
        }
    }

    /** The {@code id} of a {@code {id: Int!}} input object (WarehouseInput, ProductVariantInput); null if absent. */
    @SuppressWarnings("unchecked")
    private static Integer referenceId(final Object reference) {
        return reference instanceof Map<?, ?> map ? (Integer) ((Map<String, Object>) map).get("id") : null;
    }

    @SuppressWarnings("unchecked")
    private static Set<Integer> ids(final Object value) {
        return value == null ? null : new HashSet<>((List<Integer>) value);
    }

    private static List<Object> append(final List<Object> path, final Object... more) {
        final List<Object> out = new ArrayList<>(path);
        out.addAll(List.of(more));
        return out;
    }
}
