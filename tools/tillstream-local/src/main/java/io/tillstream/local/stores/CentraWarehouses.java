package io.tillstream.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.centra.client.CentraException;
import io.tillstream.centra.client.GraphQlTransport;
import java.time.Clock;
import java.time.Duration;

/**
 * Whether Centra has a warehouse, read through its documented {@code warehouses} pages (a brand has tens
 * of warehouses, so a few requests): a store mapped to a warehouse Centra does not have would have every
 * change of its opening stocktake refused.
 */
final class CentraWarehouses {

    private static final String QUERY = "query($limit: Int!, $page: Int!) { warehouses(limit: $limit, page: $page) { id name } }";
    private static final int LIMIT = 100;
    /** 10,000 warehouses: far beyond any brand; a Centra answering pages forever is not believed. */
    private static final int MAX_PAGES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GraphQlTransport centra;

    CentraWarehouses(String url, String token) {
        this.centra = new GraphQlTransport(url, token, Duration.ofSeconds(10), Clock.systemUTC());
    }

    /** @return the warehouse's name, or null when Centra has no warehouse of that id */
    String find(int id) throws CentraException {
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode warehouses = centra.data(QUERY, JSON.createObjectNode().put("limit", LIMIT).put("page", page))
                    .path("warehouses");
            for (JsonNode warehouse : warehouses) {
                if (warehouse.path("id").asInt() == id) {
                    return warehouse.path("name").asText("");
                }
            }
            if (warehouses.size() < LIMIT) {
                return null;
            }
        }
        return null;
    }
}
