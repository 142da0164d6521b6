package io.tillstream.local.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic sample catalogue in Centra's shape (product → variant → size), so every start
 * of the same data directory sees the same SKUs.
 */
public final class SampleCatalog {

    public static final int DC_WAREHOUSE_ID = 100;
    public static final String MARKET = "UK";

    private static final String[][] PRODUCTS = {
            {"TEE", "Organic tee", "25.00"}, {"HOOD", "Heavy hoodie", "79.00"}, {"JEAN", "Straight jeans", "95.00"},
            {"CHINO", "Twill chino", "69.00"}, {"SHRT", "Oxford shirt", "59.00"}, {"KNIT", "Merino knit", "89.00"},
            {"JKT", "Field jacket", "149.00"}, {"COAT", "Wool coat", "249.00"}, {"SOCK", "Rib socks", "12.00"},
            {"CAP", "Six-panel cap", "29.00"}, {"SWT", "Loopback sweat", "65.00"}, {"SHO", "Canvas shorts", "45.00"},
            {"POLO", "Pique polo", "49.00"}, {"DRS", "Linen dress", "110.00"}, {"SKRT", "Midi skirt", "85.00"},
            {"BAG", "Tote bag", "35.00"}, {"BLT", "Leather belt", "55.00"}, {"SCF", "Lambswool scarf", "45.00"},
            {"VEST", "Quilted vest", "99.00"}, {"PANT", "Pleated trouser", "105.00"}};
    private static final String[][] COLOURS = {{"BLK", "Black"}, {"NVY", "Navy"}, {"OAT", "Oatmeal"}, {"OLV", "Olive"}};
    private static final String[] SIZES = {"XS", "S", "M", "L", "XL"};

    /** One sellable size. */
    public record Sku(String sku, BigDecimal price) {
    }

    private final List<Sku> skus = new ArrayList<>();
    private final ObjectNode products;

    public SampleCatalog() {
        ObjectMapper json = new ObjectMapper();
        products = json.createObjectNode();
        ArrayNode list = products.putArray("products");
        for (String[] p : PRODUCTS) {
            ObjectNode product = list.addObject().put("productNumber", "CAS-" + p[0]).put("name", p[1]);
            ArrayNode variants = product.putArray("variants");
            for (String[] c : COLOURS) {
                ObjectNode variant = variants.addObject().put("variantNumber", c[0]).put("name", c[1]);
                ArrayNode sizes = variant.putArray("sizes");
                for (String size : SIZES) {
                    String sku = "CAS-" + p[0] + "-" + c[0] + "-" + size;
                    sizes.addObject().put("name", size).put("sku", sku).put("gtin", gtin(skus.size()));
                    skus.add(new Sku(sku, new BigDecimal(p[2])));
                }
            }
        }
    }

    public List<Sku> skus() {
        return skus;
    }

    /**
     * The simulator's catalogue: warehouses (one per store plus the DC), the market's allocation
     * rule (DC first, then stores), products, and the DC's stock. Store warehouses start empty: their
     * stock is the POS's and arrives through the pipeline from the opening stocktake.
     */
    public String centraCatalogJson(List<SampleStore> stores) {
        ObjectNode root = products.deepCopy();
        ArrayNode warehouses = root.putArray("warehouses");
        warehouses.addObject().put("id", DC_WAREHOUSE_ID).put("name", "Distribution centre");
        ArrayNode rule = root.putArray("markets").addObject().put("id", 1).put("name", MARKET).putArray("allocationRule");
        rule.add(DC_WAREHOUSE_ID);
        for (SampleStore s : stores) {
            warehouses.addObject().put("id", s.centraWarehouseId()).put("name", "Store " + s.storeId() + " " + s.name());
            rule.add(s.centraWarehouseId());
        }
        ArrayNode stock = root.putArray("stock");
        Random random = new Random(7);
        for (Sku sku : skus) {
            stock.addObject().put("warehouseId", DC_WAREHOUSE_ID).put("sku", sku.sku()).put("physical", 20 + random.nextInt(60));
        }
        return root.toString();
    }

    /** Opening counts of a store: deterministic per store. */
    public List<int[]> openingCounts(String storeId) {
        Random random = new Random(storeId.hashCode());
        List<int[]> counts = new ArrayList<>();
        for (int i = 0; i < skus.size(); i++) {
            counts.add(new int[] {i, 2 + random.nextInt(12)});
        }
        return counts;
    }

    /** A valid EAN-13 (check digit computed), 735 = Sweden's GS1 prefix. */
    static String gtin(int n) {
        String base = String.format("735%09d", n);
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (base.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return base + (10 - sum % 10) % 10;
    }
}
