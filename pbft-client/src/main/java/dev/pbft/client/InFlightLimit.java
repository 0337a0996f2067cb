package dev.pbft.client;

/**
 * Counts admitted operations (waiting for the timestamp span or in flight) and makes callers wait
 * for a free slot: the client's backpressure, which bounds what the client holds. Unlike a
 * semaphore it can be closed, which wakes every waiter.
 */
final class InFlightLimit {
    private final int max;
    private int inFlight;
    private boolean closed;

    InFlightLimit(int max) {
        this.max = max;
    }

    /** Takes a slot, waiting while all are taken. @return false if closed */
    synchronized boolean acquire() throws InterruptedException {
        while (inFlight >= max && !closed) {
            wait();
        }
        if (closed) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Takes a slot only if one is free now. @return false if none is, or closed */
    synchronized boolean tryAcquire() {
        if (closed || inFlight >= max) {
            return false;
        }
        inFlight++;
        return true;
    }

    synchronized void release() {
        inFlight--;
        notify();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
