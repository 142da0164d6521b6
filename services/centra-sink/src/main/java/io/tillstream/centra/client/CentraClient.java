package io.tillstream.centra.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What the sink needs of Centra's Integration API. */
public interface CentraClient extends AutoCloseable {

    MutationResult changeStock(StockMutation mutation) throws CentraException;

    /**
     * Reads back whether a mutation with this unique description was applied.
     *
     * @return empty when this Centra cannot tell (then the caller must not assume either way)
     */
    Optional<Boolean> wasApplied(String description) throws CentraException;

    /**
     * The physical stock of a size in a warehouse.
     *
     * @return empty when Centra has no size with this SKU
     */
    OptionalInt physical(String sku, int warehouseId) throws CentraException;

    /**
     * The physical stock of several sizes in one warehouse, in one request.
     *
     * @return per SKU Centra knows, its physical stock there (0 without a stock row)
     */
    Map<String, Integer> physical(List<String> skus, int warehouseId) throws CentraException;

    /**
     * What Centra would still sell of each size: its free-to-allocate in that warehouse, in one request.
     *
     * @return per size Centra knows, its free-to-allocate there (0 without a stock row)
     */
    Map<WarehouseSize, Integer> freeToAllocate(List<WarehouseSize> sizes) throws CentraException;

    /**
     * Sets the warehouse's threshold: the units of each size Centra's webshop holds back there (it
     * sells free-to-allocate − threshold), e.g. to stop selling a silent store's stock for a while.
     * Centra's stock quantities, {@link #freeToAllocate} included, do not subtract it.
     *
     * <p>Unlike a stock change the write is absolute, so applying it twice does no harm: after an
     * unknown outcome, a timeout included, the caller may simply send it again.
     *
     * @throws CentraException {@code FATAL} with Centra's message when it refused the value (a
     *                         negative threshold, an unknown warehouse)
     */
    void setWarehouseThreshold(int warehouseId, int threshold) throws CentraException;

    /**
     * The warehouse's threshold as Centra holds it now (0 when none was set).
     *
     * @throws CentraException {@code FATAL} when Centra has no such warehouse
     */
    int warehouseThreshold(int warehouseId) throws CentraException;

    /**
     * How long after it was sent a request that got no answer may still be applied by Centra. A
     * read-back sooner than that can find "not applied" while the request is still running, and a
     * re-send would then apply the delta twice. Centra does not document its own limit on a
     * request's run time; the default assumes a request not answered within the client's timeout
     * finishes within as long again.
     */
    default Duration stillRunningLimit() {
        return Duration.ofSeconds(20);
    }

    @Override
    default void close() {
    }
}
