package io.tillstream.projector.topology;

import io.tillstream.domain.ledger.Ledger;
import io.tillstream.domain.ledger.Position;
import io.tillstream.schemas.StockLevel;

/** Converts between the ledger's position and the published StockLevel. */
final class StockLevels {

    private StockLevels() {
    }

    static Position position(StockLevel level) {
        return new Position(level.getOnHand(), level.getPendingInspection(), level.getVersion(),
                level.getChangeSequence(), level.getAsOf(), level.getLastCountedAt());
    }

    static StockLevel level(String locationId, String sku, Position p, int safetyBuffer) {
        return StockLevel.newBuilder()
                .setLocationId(locationId)
                .setSku(sku)
                .setOnHand(p.onHand())
                .setPendingInspection(p.pendingInspection())
                .setSafetyBuffer(safetyBuffer)
                .setAts(Ledger.ats(p.onHand(), safetyBuffer))
                .setVersion(p.version())
                .setChangeSequence(p.sequence())
                .setAsOf(p.asOf())
                .setLastCountedAt(p.lastCountedAt())
                .build();
    }
}
