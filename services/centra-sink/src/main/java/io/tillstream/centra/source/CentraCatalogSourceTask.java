package io.tillstream.centra.source;

import io.tillstream.centra.client.CentraReader;
import io.tillstream.schemas.CatalogEntry;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** Scans Centra's product sizes; keyed by SKU. */
public class CentraCatalogSourceTask extends CentraScanTask<CatalogEntry> {

    @Override
    CentraSourceConfig config(Map<String, String> props) {
        return new CentraSourceConfig(CentraCatalogSourceConnector.CONFIG_DEF, props);
    }

    @Override
    RollingScan.Pages<CatalogEntry> pages(CentraReader reader) {
        return reader::sizes;
    }

    @Override
    String key(CatalogEntry entry) {
        return entry.getSku();
    }

    @Override
    Object fingerprint(CatalogEntry e) {
        return List.of(e.getProductId(), e.getProductNumber(), e.getVariantId(), e.getVariantNumber(), e.getSizeId(),
                e.getSizeName(), String.valueOf(e.getEan()), e.getActive(), String.valueOf(e.getProductName()),
                String.valueOf(e.getVariantName()), String.valueOf(e.getUpc()));
    }

    /** A size Centra removed is a tombstone: the tills drop it (pos-ingest lists it in {@code removed}). */
    @Override
    boolean writesRemovals() {
        return true;
    }

    @Override
    Schema valueSchema() {
        return CatalogEntry.getClassSchema();
    }
}
