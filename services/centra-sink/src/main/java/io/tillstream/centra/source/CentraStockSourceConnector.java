package io.tillstream.centra.source;

import io.tillstream.schemas.Topics;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Centra's stock per warehouse and size → {@code centra.stock.v1}, written when it changes, for
 * reconciliation: what Centra believes, beside what the POS ledger says. A rolling full scan.
 */
public class CentraStockSourceConnector extends CentraScanConnector {

    static final ConfigDef CONFIG_DEF = CentraSourceConfig.configDef(Topics.CENTRA_STOCK.name(), 10_000);

    @Override
    public Class<? extends Task> taskClass() {
        return CentraStockSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
