package io.tillstream.reconciliation.scenario;

import static io.tillstream.reconciliation.scenario.ScenarioRecords.change;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.counted;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.level;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.observation;
import static io.tillstream.reconciliation.scenario.ScenarioRecords.receipt;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.ExceptionType;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import io.tillstream.schemas.Severity;
import io.tillstream.schemas.SyncStatus;
import io.tillstream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stock exceptions on a real broker, each raised by the evidence that causes it in production
 * and resolved by the evidence that clears it: the ledger's levels (stock-projector), the Centra
 * sink's dead-letter queue and journal, and Centra's stock as the source connector reads it.
 */
@ExtendWith(ScenarioPipelineExtension.class)
class StockScenarioIT {

    @Test
    void stockDriftIsRaisedOnlyAfterTheGraceAndResolvedWhenCentraShowsTheLedgerAgain(ScenarioPipeline pipeline) {
        int warehouse = 7301;
        String location = pipeline.stores.id("DRIFT-STORE");
        String sku = pipeline.stores.id("DRIFT-TEE-M");
        Instant pushed = Instant.now().minus(Duration.ofMinutes(10));
        pipeline.send(Topics.SYNC_RECEIPTS, warehouse + "|" + sku,
                receipt(warehouse, sku, location, 4, 10, SyncStatus.CONFIRMED, pushed), pushed);
        // webshop orders allocate 2: physical stays 10, which is no drift
        pipeline.send(Topics.CENTRA_STOCK, warehouse + "|" + sku,
                observation(warehouse, sku, 10, 2, pushed.plusSeconds(30)), pushed.plusSeconds(30));
        // someone edits the size in Centra's admin
        pipeline.send(Topics.CENTRA_STOCK, warehouse + "|" + sku,
                observation(warehouse, sku, 7, 2, pushed.plusSeconds(60)), pushed.plusSeconds(60));

        String id = "STOCK_DRIFT:" + warehouse + "|" + sku;
        ReconciliationException open = pipeline.awaitException(id, ExceptionStatus.OPEN);
        assertRaised(open, ExceptionType.STOCK_DRIFT, Owner.INTEGRATION, Severity.HIGH, location, sku, "10", "7");
        assertThat(Duration.between(open.getFirstSeenAt(), open.getLastSeenAt()))
                .as("raised only once the gap had lasted the grace period")
                .isGreaterThanOrEqualTo(ScenarioPipeline.DRIFT_GRACE);

        pipeline.send(Topics.CENTRA_STOCK, warehouse + "|" + sku,
                observation(warehouse, sku, 10, 2, pushed.plusSeconds(120)), pushed.plusSeconds(120));
        ReconciliationException resolved = pipeline.awaitException(id, ExceptionStatus.RESOLVED);
        assertResolved(resolved, "Centra shows 10 again");
    }

    @Test
    void anOrphanedSaleIsSkuUnknownInCentraUntilTheSinkConfirmsTheSizesStock(ScenarioPipeline pipeline)
            throws Exception {
        int warehouse = 7302;
        String location = pipeline.stores.id("ORPHAN-STORE");
        String sku = pipeline.stores.id("ORPHAN-CAP");
        Instant soldAt = Instant.now().minusSeconds(60);
        pipeline.park(change(location, sku, 1, -1, 4, soldAt),
                "[SIZE_REFUSED] Centra has no size with SKU " + sku, soldAt);

        String id = "SKU_UNKNOWN_IN_CENTRA:" + location + "|" + sku;
        ReconciliationException open = pipeline.awaitException(id, ExceptionStatus.OPEN);
        assertRaised(open, ExceptionType.SKU_UNKNOWN_IN_CENTRA, Owner.ECOMMERCE, Severity.HIGH, location, sku,
                "stock pushed to Centra", "rejected");
        assertThat(open.getDetail()).contains("[SIZE_REFUSED]");

        // ecommerce adds the size; the sink's next retry of parked sizes pushes the ledger's 4 and confirms it
        pipeline.awaitInView(id, ExceptionStatus.OPEN, location);
        Instant confirmed = Instant.now();
        pipeline.send(Topics.SYNC_RECEIPTS, warehouse + "|" + sku,
                receipt(warehouse, sku, location, 1, 4, SyncStatus.CONFIRMED, confirmed), confirmed);
        assertResolved(pipeline.awaitException(id, ExceptionStatus.RESOLVED),
                "stock pushed to Centra by mut-" + sku + "-1");
    }

    @Test
    void aChangeParkedForAnyOtherReasonIsSyncFailedUntilAPushIsConfirmed(ScenarioPipeline pipeline)
            throws Exception {
        int warehouse = 7303;
        String location = pipeline.stores.id("UNMAPPED-STORE");
        String sku = pipeline.stores.id("UNMAPPED-SOCK");
        Instant soldAt = Instant.now().minusSeconds(60);
        pipeline.park(change(location, sku, 3, -2, 8, soldAt),
                "[UNMAPPED_LOCATION] " + location + " has no Centra warehouse", soldAt);

        String id = "SYNC_FAILED:" + location + "|" + sku;
        ReconciliationException open = pipeline.awaitException(id, ExceptionStatus.OPEN);
        assertRaised(open, ExceptionType.SYNC_FAILED, Owner.INTEGRATION, Severity.HIGH, location, sku,
                "stock pushed to Centra", "rejected");
        assertThat(open.getDetail()).contains("[UNMAPPED_LOCATION]");

        // integration maps the location and re-drives the change
        pipeline.awaitInView(id, ExceptionStatus.OPEN, location);
        Instant confirmed = Instant.now();
        pipeline.send(Topics.SYNC_RECEIPTS, warehouse + "|" + sku,
                receipt(warehouse, sku, location, 3, 8, SyncStatus.CONFIRMED, confirmed), confirmed);
        assertResolved(pipeline.awaitException(id, ExceptionStatus.RESOLVED), "(sequence 3)");
    }

    @Test
    void changesCentraNeverConfirmsAreSyncStalledUntilTheSinkCatchesUp(ScenarioPipeline pipeline) {
        int warehouse = 7306;
        String location = pipeline.stores.id("STALL-STORE");
        String sku = pipeline.stores.id("STALL-TEE");
        Instant soldAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // a record's time
        pipeline.send(Topics.STOCK_CHANGES, location + "|" + sku, change(location, sku, 1, -1, 9, soldAt), soldAt);
        pipeline.send(Topics.STOCK_CHANGES, location + "|" + sku, change(location, sku, 2, -1, 8, soldAt), soldAt);

        String id = "SYNC_STALLED:" + location;
        ReconciliationException open = pipeline.awaitException(id, ExceptionStatus.OPEN);
        assertRaised(open, ExceptionType.SYNC_STALLED, Owner.INTEGRATION, Severity.HIGH, location, sku,
                "every change confirmed by Centra within 2 s", "1 size unconfirmed, the oldest since " + soldAt);
        assertThat(Duration.between(soldAt, open.getFirstSeenAt())).as("raised once the SLO had passed")
                .isGreaterThanOrEqualTo(ScenarioPipeline.SYNC_SLO);

        Instant confirmed = Instant.now();
        pipeline.send(Topics.SYNC_RECEIPTS, warehouse + "|" + sku,
                receipt(warehouse, sku, location, 2, 8, SyncStatus.CONFIRMED, confirmed), confirmed);
        assertResolved(pipeline.awaitException(id, ExceptionStatus.RESOLVED), "confirmed by Centra");
    }

    @Test
    void aLedgerBelowZeroIsNegativeStockUntilAStocktakeCountsIt(ScenarioPipeline pipeline) {
        String location = pipeline.stores.id("NEG-STORE");
        String sku = pipeline.stores.id("NEG-SCARF");
        String key = location + "|" + sku;
        Instant t = Instant.now().minusSeconds(120);
        pipeline.send(Topics.STOCK_LEVELS, key, level(location, sku, 1, 0, 1, t), t);
        // the till sells three it does not know of
        pipeline.send(Topics.STOCK_LEVELS, key, level(location, sku, -2, 0, 2, t.plusSeconds(10)), t.plusSeconds(10));

        String id = "NEGATIVE_STOCK:" + key;
        assertRaised(pipeline.awaitException(id, ExceptionStatus.OPEN), ExceptionType.NEGATIVE_STOCK,
                Owner.RETAIL_OPS, Severity.MEDIUM, location, sku, ">= 0", "-2");

        // a PARTIAL stocktake counts 3 on the shelf
        pipeline.send(Topics.STOCK_LEVELS, key, counted(location, sku, 3, 3, t.plusSeconds(60)), t.plusSeconds(60));
        assertResolved(pipeline.awaitException(id, ExceptionStatus.RESOLVED), "on-hand back to 3 (version 3)");
    }

    @Test
    void returnedUnitsWaitingPastTheSlaAreReturnNotRestockedUntilInspected(ScenarioPipeline pipeline) {
        String location = pipeline.stores.id("RET-STORE");
        String sku = pipeline.stores.id("RET-JEANS");
        String key = location + "|" + sku;
        // returned 49 hours ago (event time) against the production SLA of 48 hours
        Instant returned = Instant.now().minus(Duration.ofHours(49));
        pipeline.send(Topics.STOCK_LEVELS, key, level(location, sku, 5, 1, 1, returned), returned);

        String id = "RETURN_NOT_RESTOCKED:" + key;
        assertRaised(pipeline.awaitException(id, ExceptionStatus.OPEN), ExceptionType.RETURN_NOT_RESTOCKED,
                Owner.RETAIL_OPS, Severity.MEDIUM, location, sku, "inspected within 48 h", "pending for 49 h");

        // the store inspects the unit and posts RETURN_RESTOCKED: the projector's next level has nothing pending
        Instant restocked = Instant.now();
        pipeline.send(Topics.STOCK_LEVELS, key, level(location, sku, 6, 0, 2, restocked), restocked);
        assertResolved(pipeline.awaitException(id, ExceptionStatus.RESOLVED),
                "nothing pending inspection (ledger version 2)");
    }

    static void assertRaised(ReconciliationException e, ExceptionType type, Owner owner, Severity severity,
                             String storeId, String sku, String expected, String actual) {
        assertThat(e.getType()).isEqualTo(type);
        assertThat(e.getOwner()).isEqualTo(owner);
        assertThat(e.getSeverity()).isEqualTo(severity);
        assertThat(e.getStoreId()).isEqualTo(storeId);
        assertThat(e.getSku()).isEqualTo(sku);
        assertThat(e.getExpected()).isEqualTo(expected);
        assertThat(e.getActual()).isEqualTo(actual);
        assertThat(e.getRunbook()).isNotBlank();
        assertThat(e.getResolvedAt()).isNull();
    }

    static void assertResolved(ReconciliationException e, String evidence) {
        assertThat(e.getStatus()).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(e.getResolvedAt()).isNotNull();
        assertThat(e.getEvidence()).contains(evidence);
    }
}
