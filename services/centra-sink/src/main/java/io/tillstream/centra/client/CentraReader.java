package io.tillstream.centra.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillstream.schemas.CatalogEntry;
import io.tillstream.schemas.CentraStockObservation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The reads the source connectors (and {@code ./tillstream audit}) make of Centra's Integration API,
 * one page at a time, through Centra's documented queries only.
 */
public final class CentraReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIZES = """
            query Sizes($limit: Int!, $page: Int!) {
              productSizes(limit: $limit, page: $page) {
                id SKU GTIN UPC sizeNumber description
                productVariant { id name variantNumber product { id name productNumber } }
              }
            }""";
    /**
     * Centra's documented stock read (its reconciliation sample): warehouses, each with one page of
     * its stock rows. A page of warehouses is read one stock page at a time until none of them has
     * more, then the next page of warehouses: a 300-store brand is a few requests per 10 warehouses.
     */
    private static final String STOCK = """
            query Stock($warehouses: Int!, $warehousePage: Int!, $limit: Int!, $page: Int!) {
              warehouses(limit: $warehouses, page: $warehousePage) {
                id
                stock(limit: $limit, page: $page) {
                  productSize { SKU } physicalQuantity allocatedQuantity freeToAllocateQuantity
                }
              }
            }""";
    static final int WAREHOUSES_PER_PAGE = 10;

    private final GraphQlTransport transport;
    private final Clock clock;

    public CentraReader(GraphQlTransport transport, Clock clock) {
        this.transport = transport;
        this.clock = clock;
    }

    public Page<CatalogEntry> sizes(String cursor, int limit) throws CentraException {
        int page = cursor == null ? 1 : Integer.parseInt(cursor);
        ObjectNode variables = JSON.createObjectNode().put("limit", limit).put("page", page);
        List<CatalogEntry> entries = new ArrayList<>();
        for (JsonNode s : data(SIZES, variables).path("productSizes")) {
            JsonNode variant = s.path("productVariant");
            JsonNode product = variant.path("product");
            entries.add(CatalogEntry.newBuilder()
                    .setSku(s.path("SKU").asText())
                    .setProductId(product.path("id").asInt())
                    .setProductNumber(product.path("productNumber").asText())
                    .setVariantId(variant.path("id").asInt())
                    .setVariantNumber(variant.path("variantNumber").asText())
                    .setSizeId(s.path("id").asInt())
                    .setSizeName(s.path("sizeNumber").asText(s.path("description").asText("")))
                    .setEan(text(s, "GTIN"))
                    .setUpc(text(s, "UPC"))
                    .setProductName(text(product, "name"))
                    .setVariantName(text(variant, "name"))
                    .setActive(true)
                    .setObservedAt(clock.instant())
                    .build());
        }
        return new Page<>(entries, entries.size() < limit ? null : Integer.toString(page + 1));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** @param cursor {@code warehousePage:stockPage}, null for {@code 1:1} */
    public Page<CentraStockObservation> stock(String cursor, int limit) throws CentraException {
        int warehousePage = cursor == null ? 1 : Integer.parseInt(cursor.substring(0, cursor.indexOf(':')));
        int page = cursor == null ? 1 : Integer.parseInt(cursor.substring(cursor.indexOf(':') + 1));
        ObjectNode variables = JSON.createObjectNode().put("warehouses", WAREHOUSES_PER_PAGE)
                .put("warehousePage", warehousePage).put("limit", limit).put("page", page);
        JsonNode warehouses = data(STOCK, variables).path("warehouses");
        List<CentraStockObservation> rows = new ArrayList<>();
        boolean morePages = false;
        for (JsonNode warehouse : warehouses) {
            JsonNode stock = warehouse.path("stock");
            morePages |= stock.size() >= limit;
            for (JsonNode s : stock) {
                rows.add(CentraStockObservation.newBuilder()
                        .setWarehouseId(warehouse.path("id").asInt())
                        .setSku(s.path("productSize").path("SKU").asText())
                        .setPhysical(s.path("physicalQuantity").asInt())
                        .setAllocated(s.path("allocatedQuantity").asInt())
                        .setFreeToAllocate(s.path("freeToAllocateQuantity").asInt())
                        .setObservedAt(clock.instant())
                        .build());
            }
        }
        String next = morePages ? warehousePage + ":" + (page + 1)
                : warehouses.size() >= WAREHOUSES_PER_PAGE ? (warehousePage + 1) + ":1" : null;
        return new Page<>(rows, next);
    }

    private JsonNode data(String query, ObjectNode variables) throws CentraException {
        return transport.data(query, variables);
    }
}
