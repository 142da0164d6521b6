package io.tillstream.centra.sink;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.Set;

/** The Centra tenants the sink tests push to: stores as warehouses, one tee in M and L. */
public final class TeeCentra {

    private static final String TEE = """
            "products":[{"productNumber":"TEE","name":"Tee","variants":[{"variantNumber":"BLK","name":"Black",
              "sizes":[{"name":"M","sku":"TEE-M"},{"name":"L","sku":"TEE-L"}]}]}]""";

    private TeeCentra() {
    }

    /** S001 and S002 as warehouses 1 and 2; 10 of M in both, 10 of L in S001. */
    public static CentraSimulator twoStores(String token) {
        CentraSimulator centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withApiTokens(Set.of(token)));
        centra.applyCatalog("""
                {"warehouses":[{"id":1,"name":"Store S001"},{"id":2,"name":"Store S002"}],%s,
                 "stock":[{"warehouseId":1,"sku":"TEE-M","physical":10},{"warehouseId":2,"sku":"TEE-M","physical":10},
                          {"warehouseId":1,"sku":"TEE-L","physical":10}]}""".formatted(TEE));
        return centra;
    }

    /** S001 as warehouse 1 with 10 of M and L; a withheld answer's connection drops after 3 s. */
    public static CentraSimulator oneStore(String token) {
        CentraSimulator centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withApiTokens(Set.of(token)).withTimeoutHold(Duration.ofSeconds(3)));
        centra.applyCatalog("""
                {"warehouses":[{"id":1,"name":"Store S001"}],%s,
                 "stock":[{"warehouseId":1,"sku":"TEE-M","physical":10},{"warehouseId":1,"sku":"TEE-L","physical":10}]}"""
                .formatted(TEE));
        return centra;
    }
}
