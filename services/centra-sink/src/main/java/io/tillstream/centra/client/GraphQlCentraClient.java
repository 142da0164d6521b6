package io.tillstream.centra.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalInt;

/** Centra's GraphQL Integration API over HTTP. The token goes in a header and nowhere else. */
public final class GraphQlCentraClient implements CentraClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANGE_STOCK = """
            mutation ChangeStock($input: StockChangeInput!) {
              changeStock(input: $input) { stockChange { id } userErrors { message path } }
            }""";
    private static final String PHYSICAL = """
            query Physical($sku: String!, $warehouse: Int!) {
              productSizes(where: { SKU: $sku }, limit: 1) { stock(where: { warehouseId: [$warehouse] }) { physicalQuantity } }
            }""";
    private static final String READ_BACK = """
            query ReadBack($description: String!) {
              stockChanges(where: { description: $description }, limit: 1) { id }
            }""";
    private static final String UPDATE_WAREHOUSE = """
            mutation UpdateWarehouse($id: Int!, $threshold: Int!) {
              updateWarehouse(id: $id, input: { threshold: $threshold }) {
                warehouse { threshold } userErrors { message path }
              }
            }""";
    private static final String THRESHOLD = """
            query Threshold($id: Int!) {
              warehouse(id: $id) { threshold }
            }""";

    private final GraphQlTransport transport;

    public GraphQlCentraClient(String baseUrl, String token, Duration timeout, Clock clock) {
        this(new GraphQlTransport(baseUrl, token, timeout, clock));
    }

    public GraphQlCentraClient(GraphQlTransport transport) {
        this.transport = transport;
    }

    /** Twice the client's timeout: see {@link CentraClient#stillRunningLimit()}. */
    @Override
    public Duration stillRunningLimit() {
        return transport.timeout().multipliedBy(2);
    }

    @Override
    public MutationResult changeStock(StockMutation m) throws CentraException {
        ObjectNode input = JSON.createObjectNode().put("description", m.description());
        input.putObject(m.into() ? "intoWarehouse" : "outFromWarehouse").put("id", m.warehouseId());
        ArrayNode sizes = input.putArray("productSizes");
        for (StockMutation.SizeQuantity s : m.sizes()) {
            ObjectNode size = sizes.addObject();
            size.putObject("productSize").put("SKU", s.sku());
            size.put("quantity", s.quantity());
        }
        JsonNode data = mutationPayload(transport.post(CHANGE_STOCK, JSON.createObjectNode().set("input", input)),
                "changeStock");
        List<String> errors = new ArrayList<>();
        Set<Integer> refused = new HashSet<>();
        for (JsonNode e : data.path("userErrors")) {
            errors.add(describe(e));
            sizeIndex(e.path("path")).ifPresent(refused::add);
        }
        return new MutationResult(data.path("stockChange").path("id").asText(null), errors, refused);
    }

    private static String describe(JsonNode userError) {
        return userError.path("message").asText() + (userError.has("path") ? " at " + userError.get("path") : "");
    }

    /** A user error's path such as ["input","productSizes","3","productSize","SKU"] names the size at fault. */
    static Optional<Integer> sizeIndex(JsonNode path) {
        for (int i = 0; i + 1 < path.size(); i++) {
            if ("productSizes".equals(path.get(i).asText()) && path.get(i + 1).asText().matches("\\d+")) {
                return Optional.of(Integer.parseInt(path.get(i + 1).asText()));
            }
        }
        return Optional.empty();
    }

    @Override
    public OptionalInt physical(String sku, int warehouseId) throws CentraException {
        ObjectNode variables = JSON.createObjectNode().put("sku", sku).put("warehouse", warehouseId);
        JsonNode sizes = call(PHYSICAL, variables).path("productSizes");
        if (sizes.isEmpty()) {
            return OptionalInt.empty();
        }
        int physical = 0;
        for (JsonNode row : sizes.get(0).path("stock")) {
            physical += row.path("physicalQuantity").asInt();
        }
        return OptionalInt.of(physical);
    }

    /** One aliased query: a read-back of a 200-size mutation must not cost 200 requests. */
    @Override
    public Map<String, Integer> physical(List<String> skus, int warehouseId) throws CentraException {
        Map<WarehouseSize, Integer> read = stockOf(skus.stream().map(sku -> new WarehouseSize(warehouseId, sku)).toList(),
                "physicalQuantity");
        Map<String, Integer> physical = new LinkedHashMap<>();
        read.forEach((size, units) -> physical.put(size.sku(), units));
        return physical;
    }

    /** One aliased query too; free-to-allocate is the one quantity Centra charges no complexity for. */
    @Override
    public Map<WarehouseSize, Integer> freeToAllocate(List<WarehouseSize> sizes) throws CentraException {
        return stockOf(sizes, "freeToAllocateQuantity");
    }

    /** One quantity of each size in its warehouse, aliased into one request; sizes Centra does not know are left out. */
    private Map<WarehouseSize, Integer> stockOf(List<WarehouseSize> sizes, String quantity) throws CentraException {
        StringBuilder declared = new StringBuilder();
        StringBuilder selected = new StringBuilder();
        ObjectNode variables = JSON.createObjectNode();
        for (int i = 0; i < sizes.size(); i++) {
            declared.append(i == 0 ? "" : ", ").append("$sku").append(i).append(": String!, $w").append(i)
                    .append(": Int!");
            variables.put("sku" + i, sizes.get(i).sku()).put("w" + i, sizes.get(i).warehouseId());
            selected.append(" s").append(i).append(": productSizes(where: { SKU: $sku").append(i)
                    .append(" }, limit: 1) { stock(where: { warehouseId: [$w").append(i).append("] }) { ")
                    .append(quantity).append(" } }");
        }
        JsonNode data = call("query Stock(" + declared + ") {" + selected + " }", variables);
        Map<WarehouseSize, Integer> stock = new LinkedHashMap<>();
        for (int i = 0; i < sizes.size(); i++) {
            JsonNode found = data.path("s" + i);
            if (!found.isEmpty()) {
                int units = 0;
                for (JsonNode row : found.get(0).path("stock")) {
                    units += row.path(quantity).asInt();
                }
                stock.put(sizes.get(i), units);
            }
        }
        return stock;
    }

    /** Uses the stock-change query by description; a Centra without it answers with GraphQL errors: empty. */
    @Override
    public Optional<Boolean> wasApplied(String description) throws CentraException {
        JsonNode json = transport.post(READ_BACK, JSON.createObjectNode().put("description", description));
        if (json.has("errors") && !json.has("data")) {
            CentraException refused = GraphQlTransport.failure(json, "Centra refused the read-back: ");
            if (refused.kind() == CentraException.Kind.UNAUTHORIZED) {
                throw refused;
            }
            return Optional.empty(); // refused before it ran: this Centra has no such query
        }
        return Optional.of(GraphQlTransport.wholeData(json).path("stockChanges").size() > 0);
    }

    /**
     * Success only when Centra's payload has no userErrors and shows the threshold asked for: an
     * answer that ran but could not return the warehouse (a partial error) is not taken as applied.
     * The write is absolute, so the caller's answer to any doubt is to send it again.
     */
    @Override
    public void setWarehouseThreshold(int warehouseId, int threshold) throws CentraException {
        ObjectNode variables = JSON.createObjectNode().put("id", warehouseId).put("threshold", threshold);
        JsonNode data = mutationPayload(transport.post(UPDATE_WAREHOUSE, variables), "updateWarehouse");
        List<String> errors = new ArrayList<>();
        for (JsonNode e : data.path("userErrors")) {
            errors.add(describe(e));
        }
        if (!errors.isEmpty()) {
            throw new CentraException(CentraException.Kind.FATAL, "Centra refused threshold " + threshold
                    + " for warehouse " + warehouseId + ": " + String.join("; ", errors), null, null);
        }
        JsonNode now = data.path("warehouse").path("threshold");
        if (!now.isInt() || now.asInt() != threshold) {
            throw new CentraException(CentraException.Kind.OUTCOME_UNKNOWN, "Centra did not confirm threshold "
                    + threshold + " for warehouse " + warehouseId + ": " + data, null, null);
        }
    }

    @Override
    public int warehouseThreshold(int warehouseId) throws CentraException {
        JsonNode warehouse = call(THRESHOLD, JSON.createObjectNode().put("id", warehouseId)).path("warehouse");
        if (!warehouse.isObject()) {
            throw new CentraException(CentraException.Kind.FATAL, "Centra has no warehouse " + warehouseId, null, null);
        }
        // A null (should a Centra leave an unset threshold null) reads as 0: nothing held back.
        return warehouse.path("threshold").asInt();
    }

    private JsonNode call(String query, ObjectNode variables) throws CentraException {
        return transport.data(query, variables);
    }

    /**
     * The mutation's payload, only when Centra returned one: then the mutation ran and its
     * userErrors say whether it was applied. Without it, Centra either refused the request before
     * running it ({@code errors} and no {@code data}: nothing applied) or failed while running it
     * ({@code "data": null}): the outcome is unknown and must be read back, never taken as applied.
     */
    private static JsonNode mutationPayload(JsonNode json, String mutation) throws CentraException {
        JsonNode payload = json.path("data").path(mutation);
        if (payload.isObject()) {
            return payload;
        }
        throw GraphQlTransport.failure(json, "Centra returned no " + mutation + " result: ");
    }
}
