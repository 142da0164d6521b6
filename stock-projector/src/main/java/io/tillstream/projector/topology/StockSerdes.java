package io.tillstream.projector.topology;

import io.tillstream.schemas.LedgerNotice;
import io.tillstream.schemas.PosTransaction;
import io.tillstream.schemas.SkuAvailability;
import io.tillstream.schemas.StockChange;
import io.tillstream.schemas.StockLevel;
import io.tillstream.schemas.StockPolicy;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** The value serdes of the projector's topics and stores (Avro in Confluent wire format in production). */
public record StockSerdes(Serde<PosTransaction> transactions, Serde<SpecificRecord> adjustments,
                          Serde<StockLevel> levels, Serde<StockChange> changes, Serde<StockPolicy> policies,
                          Serde<SkuAvailability> availability, Serde<LedgerNotice> notices) {
}
