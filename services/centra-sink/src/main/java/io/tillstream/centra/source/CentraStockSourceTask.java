package io.tillstream.centra.source;

import io.tillstream.centra.client.CentraReader;
import io.tillstream.schemas.CentraStockObservation;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** Scans Centra's stock rows; keyed by {@code warehouseId|sku}. */
public class CentraStockSourceTask extends CentraScanTask<CentraStockObservation> {

    @Override
    CentraSourceConfig config(Map<String, String> props) {
        return new CentraSourceConfig(CentraStockSourceConnector.CONFIG_DEF, props);
    }

    @Override
    RollingScan.Pages<CentraStockObservation> pages(CentraReader reader) {
        return reader::stock;
    }

    @Override
    String key(CentraStockObservation o) {
        return o.getWarehouseId() + "|" + o.getSku();
    }

    @Override
    Object fingerprint(CentraStockObservation o) {
        return List.of(o.getPhysical(), o.getAllocated(), o.getFreeToAllocate());
    }

    @Override
    Schema valueSchema() {
        return CentraStockObservation.getClassSchema();
    }
}
