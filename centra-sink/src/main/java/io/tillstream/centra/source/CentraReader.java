package io.tillstream.centra.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillstream.centra.sink.client.CentraException;
import io.tillstream.centra.sink.client.GraphQlTransport;
import io.tillstream.schemas.CatalogEntry;
import io.tillstream.schemas.CentraStockObservation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The reads the source connectors make of Centra's Integration API, one page at a time. */
final class CentraReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIZES = """
            query Sizes($limit: Int!, $page: Int!) {
              productSizes(limit: $limit, page: $page) {
                id SKU GTIN sizeNumber description
                productVariant { id variantNumber product { id productNumber } }
              }
            }""";
    private static final String STOCK = """
            query Stock($limit: Int!, $page: Int!) {
              stock(limit: $limit, page: $page) {
                warehouse { id } productSize { SKU } physicalQuantity allocatedQuantity freeToAllocateQuantity
              }
            }""";

    private final GraphQlTransport transport;
    private final Clock clock;

    CentraReader(GraphQlTransport transport, Clock clock) {
        this.transport = transport;
        this.clock = clock;
    }

    List<CatalogEntry> sizes(int page, int limit) throws CentraException {
        List<CatalogEntry> entries = new ArrayList<>();
        for (JsonNode s : data(SIZES, page, limit).path("productSizes")) {
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
                    .setEan(s.hasNonNull("GTIN") ? s.get("GTIN").asText() : null)
                    .setActive(true)
                    .setObservedAt(clock.instant())
                    .build());
        }
        return entries;
    }

    List<CentraStockObservation> stock(int page, int limit) throws CentraException {
        List<CentraStockObservation> rows = new ArrayList<>();
        for (JsonNode s : data(STOCK, page, limit).path("stock")) {
            rows.add(CentraStockObservation.newBuilder()
                    .setWarehouseId(s.path("warehouse").path("id").asInt())
                    .setSku(s.path("productSize").path("SKU").asText())
                    .setPhysical(s.path("physicalQuantity").asInt())
                    .setAllocated(s.path("allocatedQuantity").asInt())
                    .setFreeToAllocate(s.path("freeToAllocateQuantity").asInt())
                    .setObservedAt(clock.instant())
                    .build());
        }
        return rows;
    }

    private JsonNode data(String query, int page, int limit) throws CentraException {
        ObjectNode variables = JSON.createObjectNode().put("limit", limit).put("page", page);
        JsonNode response = transport.post(query, variables);
        if (response.has("errors")) {
            throw new CentraException(CentraException.Kind.FATAL, "Centra rejected the query: " + response.get("errors"),
                    null, null);
        }
        return response.path("data");
    }
}
