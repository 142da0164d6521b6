package io.tillstream.centra.source;

import io.tillstream.schemas.Topics;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Centra's SKU master → {@code centra.catalog.v1}: every product size, written when it appears or
 * changes. Centra owns the catalogue; this is how it flows to the POS side.
 */
public class CentraCatalogSourceConnector extends CentraScanConnector {

    static final ConfigDef CONFIG_DEF = CentraSourceConfig.configDef(Topics.CENTRA_CATALOG.name(), 60_000);

    @Override
    public Class<? extends Task> taskClass() {
        return CentraCatalogSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
