package dev.pbft.replica.core;

import dev.pbft.protocol.message.Message;
import java.util.List;

/**
 * The gates an agreement message passes before its handler sees it: its view, then its sequence
 * number. Stale ones are dropped and counted; early ones, within bounds, are held per sender and
 * handed back once the replica gets there ({@link #drain}); the rest are dropped and counted.
 */
final class EarlyMessages {
    private final CoreSettings s;
    private final CoreStats stats;
    private final MessageLog log;
    private final ViewChangePath views;
    private final FutureMessages held;

    EarlyMessages(CoreSettings settings, CoreStats stats, MessageLog log, ViewChangePath views) {
        this.s = settings;
        this.stats = stats;
        this.log = log;
        this.views = views;
        this.held = new FutureMessages(settings.n(), 4 * settings.pipelineBatchesMax() + 8);
    }

    /**
     * The view gate: whether {@code m} of {@code messageView} is for the view this replica works in.
     * Those of an earlier view are dropped; those of the view this replica is changing to, or of the
     * next, are held until it gets there.
     */
    boolean admitted(int from, Message m, long messageView) {
        long view = views.view();
        if (messageView == view && views.active()) {
            return true;
        }
        if (messageView < view) {
            stats.reject(typeName(m) + ":stale-view");
        } else if (messageView > view + 1 || !held.offer(from, m)) {
            stats.reject(typeName(m) + ":future-view");
        }
        return false;
    }

    /**
     * The window gate: whether {@code seq} is in the window. A message just above it usually
     * overtook a CHECKPOINT on another link: a bounded number per sender are held and looked at
     * again when the window moves. Farther ones are dropped (a replica that far behind catches up
     * through checkpoints and state transfer).
     */
    boolean inWindowOrHeld(int from, Message m, long seq, String type) {
        if (log.inWindow(seq)) {
            return true;
        }
        if (!(seq > log.high() && seq <= log.high() + s.windowSize() && held.offer(from, m))) {
            stats.reject(type + ":outside-window");
        }
        return false;
    }

    /** The messages held, in the order they arrived, to be looked at again; none is held after. */
    List<FutureMessages.Entry> drain() {
        return held.drain();
    }

    /** "pre-prepare" for a PrePrepare: the name rejections are counted under. */
    static String typeName(Message m) {
        return m.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
