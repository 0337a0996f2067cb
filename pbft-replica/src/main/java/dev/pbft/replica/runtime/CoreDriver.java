package dev.pbft.replica.runtime;

import dev.pbft.protocol.transport.MessageHandler;
import dev.pbft.replica.core.ReplicaCore;

/**
 * Owns a {@link ReplicaCore} on exactly one thread: feeds it the transport's authenticated
 * messages, ends each burst with {@code flush()}, and ticks it. Two ways to do that, chosen by
 * the replica's builder: {@link ThreadDriver} (a core thread behind a bounded inbox, so MAC checks
 * and decoding on IO threads run in parallel with the core) and {@link EventLoopDriver} (the core
 * on the transport's single event loop: no handoff, fewest context switches on a small machine).
 */
interface CoreDriver extends MessageHandler {
    /**
     * Starts driving {@code core}; {@code onTick} runs on the core's thread after every tick. If the
     * core throws, the driver stops stepping it and calls {@code onFailure} once.
     */
    void start(ReplicaCore core, Runnable onTick, java.util.function.Consumer<Throwable> onFailure);

    /** Stops driving; returns once the core is no longer touched (or after a bounded wait). */
    void stop();

    /** From any thread: makes the core's thread end a burst ({@code core.flush()}) soon. */
    void wake();

    /** Messages dropped because the core fell behind. */
    long dropped();
}
