package dev.pbft.client;

import dev.pbft.protocol.transport.NettyTransport;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event-loop threads that many {@link PbftClient}s in one JVM share: an application server
 * holding hundreds of client identities pays for threads, selectors and timers once, not per
 * client. Pass one to {@link PbftClientBuilder#resources}; each client is pinned to one of the
 * loops (round-robin), which then runs its connections, its protocol state and its futures'
 * dependent stages, so a stage that blocks holds up every client on that loop.
 *
 * <p>A client built without resources gets a one-thread set of its own, closed with it.
 *
 * <p>Thread-safe. Close the clients first, then their resources: closing the resources stops the
 * threads, and a client still open on them then fails every call with "client closed".
 */
public final class ClientResources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientResources.class);

    private final EventLoopGroup group;
    private final Map<TickKey, Ticks> ticks = new ConcurrentHashMap<>();

    private ClientResources(int threads) {
        this.group = NettyTransport.newEventLoopGroup(threads);
    }

    /**
     * Starts {@code threads} event-loop threads for clients to share; one or two suit a small
     * machine, and more than the machine's cores rarely helps.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static ClientResources create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new ClientResources(threads);
    }

    /** Stops the threads (waiting up to 2 s for each to finish what it runs). Idempotent. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The loop the next client is pinned to. */
    EventLoop nextLoop() {
        return (EventLoop) group.next();
    }

    /**
     * Runs {@code tick} on {@code loop} every {@code tickMillis}, beside the other clients of that
     * loop with the same period: one timer per loop and period, whatever the number of clients.
     * Returns what stops it.
     */
    Runnable tickEvery(EventLoop loop, long tickMillis, Runnable tick) {
        Ticks t = ticks.computeIfAbsent(new TickKey(loop, tickMillis), Ticks::new);
        loop.execute(() -> t.runs.add(tick));
        return () -> {
            try {
                loop.execute(() -> t.runs.remove(tick));
            } catch (RejectedExecutionException stopped) {
                // The loop is shut down: nothing ticks any more.
            }
        };
    }

    private record TickKey(EventLoop loop, long tickMillis) {
    }

    /** The clients one loop ticks at one period; {@link #runs} is touched on that loop only. */
    private static final class Ticks implements Runnable {
        private final List<Runnable> runs = new ArrayList<>();

        Ticks(TickKey key) {
            key.loop().scheduleAtFixedRate(this, key.tickMillis(), key.tickMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            // Added and removed through tasks of the same loop, never while this walks the list.
            for (Runnable r : runs) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    // Caught: an exception would cancel every later tick of every client here.
                    LOG.error("a client's tick failed", e);
                }
            }
        }
    }
}
