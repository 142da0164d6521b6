package io.tillstream.local;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs a stop once, whichever thread asks first; every later caller waits until it has finished. */
public final class StopOnce implements Runnable {

    private final Runnable stop;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    public StopOnce(Runnable stop) {
        this.stop = stop;
    }

    @Override
    public void run() {
        if (started.compareAndSet(false, true)) {
            try {
                stop.run();
            } finally {
                finished.countDown();
            }
            return;
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
