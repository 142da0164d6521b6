package io.tillstream.centra.sink.sync;

/** Hears of each size's delta that Centra confirmed, for metrics. Called on the task's thread. */
@FunctionalInterface
public interface SyncObserver {

    /**
     * @param eventTime   event time of the oldest change the confirmed delta carried (epoch millis, 0 = unknown)
     * @param confirmedAt when Centra's confirmation arrived (epoch millis)
     */
    void confirmed(int warehouseId, long eventTime, long confirmedAt);

    SyncObserver NONE = (warehouseId, eventTime, confirmedAt) -> { };
}
