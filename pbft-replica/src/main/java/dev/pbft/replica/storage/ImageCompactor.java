package dev.pbft.replica.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One compaction of a {@link DiskCheckpointImages} log, run on the store's compaction thread. It
 * copies the live versions out of every segment but a fresh current one and then deletes those
 * segments. The O(state) reads happen without the store's lock; the lock is held only to append a
 * batch of copies and repoint the index, so the store's caller waits at most for one batch.
 *
 * <p>Runs on one daemon thread per store, started at the first compaction. After a failure (say a
 * version failing its CRC) it starts no more compactions: the store keeps working, only without
 * reclaiming disk.
 *
 * <p>Correct next to the caller because a copy only replaces a version still at the location it was
 * read from (one forgotten, discarded or rewritten meanwhile is left alone), the index is repointed
 * only after the copies are written out, and old segments go only when no kept version lies in
 * them. A STATE record written before the deletion carries the bounds the deleted records set.
 */
final class ImageCompactor {
    private static final long BATCH_BYTES = 1 << 20;
    private static final byte[] EMPTY = new byte[0];

    private final Object lock;
    private final SegmentedLog log;
    private final ImageIndex index;
    private final BooleanSupplier closing;
    /** Runs between a batch's unlocked reads and its locked copies: where tests make the caller interleave. */
    private final Runnable afterReads;
    /** Guarded by {@code lock}. */
    private ExecutorService thread;
    /** Guarded by {@code lock}. */
    private Future<?> running;
    private volatile IOException failure;

    ImageCompactor(Object lock, SegmentedLog log, ImageIndex index, BooleanSupplier closing, Runnable afterReads) {
        this.lock = lock;
        this.log = log;
        this.index = index;
        this.closing = closing;
        this.afterReads = afterReads;
    }

    /** Starts a compaction unless one is under way or one failed; the caller holds the lock. */
    void startIfIdle() {
        if (failure != null || (running != null && !running.isDone())) {
            return;
        }
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "checkpoint-images-compaction");
                t.setDaemon(true);
                return t;
            });
        }
        running = thread.submit(() -> {
            try {
                run();
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException("compaction failed", e);
            }
        });
    }

    /** Waits for the compaction under way, if any; throws what a compaction failed with. */
    void await() throws IOException, InterruptedException {
        Future<?> now;
        synchronized (lock) {
            now = running;
        }
        if (now != null) {
            try {
                now.get();
            } catch (ExecutionException e) {
                throw new IOException("compaction failed", e.getCause());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits for the thread to end; a compaction under way stops at its next batch once closing says so. */
    void stop() throws InterruptedException {
        ExecutorService t;
        synchronized (lock) {
            t = thread;
        }
        if (t != null) {
            t.shutdown();
            t.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private void run() throws IOException {
        long cut;
        List<ImageIndex.Version> todo;
        synchronized (lock) {
            log.roll();
            cut = log.nextIndex();
            todo = index.locatedBelow(cut);
        }
        for (int next = 0; next < todo.size(); ) {
            if (closing.getAsBoolean()) {
                return;
            }
            next = copyBatch(todo, next);
        }
        synchronized (lock) {
            log.appendLocated(EMPTY, ImageRecords.state(index.oldest(), index.latest()));
            log.sync();
            if (index.lowestLocatedIndex() >= cut) {
                log.deleteSegmentsBelow(cut);
            }
        }
    }

    /** Copies versions from {@code from} on, about {@link #BATCH_BYTES} of them; returns where it stopped. */
    private int copyBatch(List<ImageIndex.Version> todo, int from) throws IOException {
        List<ImageIndex.Version> batch = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        long bytes = 0;
        int next = from;
        while (next < todo.size() && bytes < BATCH_BYTES) {
            ImageIndex.Version v = todo.get(next++);
            byte[] payload = log.read(v.location());
            payload[0] = ImageRecords.MOVED;
            batch.add(v);
            payloads.add(payload);
            bytes += payload.length;
        }
        afterReads.run();
        synchronized (lock) {
            List<RecordLocation> copies = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                boolean live = batch.get(i).location().equals(locationNow(batch.get(i)));
                copies.add(live ? log.appendLocated(EMPTY, payloads.get(i)) : null);
            }
            log.flush();
            for (int i = 0; i < batch.size(); i++) {
                if (copies.get(i) != null) {
                    index.relocate(batch.get(i), copies.get(i));
                }
            }
        }
        return next;
    }

    private RecordLocation locationNow(ImageIndex.Version v) {
        ImageIndex.Version now = index.find(v.seq(), v.partition());
        return now != null && now.seq() == v.seq() ? now.location() : null;
    }
}
