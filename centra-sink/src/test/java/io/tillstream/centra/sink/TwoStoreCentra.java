package io.tillstream.centra.sink;

import io.tillstream.centra.simulator.CentraSimulator;
import io.tillstream.centra.simulator.SimulatorConfig;
import java.util.Set;

/**
 * The Centra tenant most sink tests push to: stores S001 and S002 as warehouses 1 and 2, one tee in
 * M and L, 10 of M in both stores and 10 of L in S001.
 */
public final class TwoStoreCentra {

    private TwoStoreCentra() {
    }

    public static CentraSimulator start(String token) {
        CentraSimulator centra = CentraSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withApiTokens(Set.of(token)));
        centra.applyCatalog("""
                {"warehouses":[{"id":1,"name":"Store S001"},{"id":2,"name":"Store S002"}],
                 "products":[{"productNumber":"TEE","name":"Tee","variants":[{"variantNumber":"BLK","name":"Black",
                   "sizes":[{"name":"M","sku":"TEE-M"},{"name":"L","sku":"TEE-L"}]}]}],
                 "stock":[{"warehouseId":1,"sku":"TEE-M","physical":10},{"warehouseId":2,"sku":"TEE-M","physical":10},
                          {"warehouseId":1,"sku":"TEE-L","physical":10}]}""");
        return centra;
    }
}
