package dev.pbft.client;

import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.StatusReport;
import dev.pbft.protocol.transport.MessageHandler;
import dev.pbft.protocol.transport.NettyTransport;
import dev.pbft.protocol.transport.TransportSettings;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
 * <p>By default each client opens its own connection to every replica. Resources made with
 * {@link #sharingConnections} instead give the clients of one loop (and one cluster config) one
 * connection per replica between them: the first client opens it, and every other proves its
 * identity on it with its own key (an attach the replica checks), so a replica still knows each
 * client by its key and takes its requests only with the client's own MACs. What the clients of a
 * loop send in one turn then leaves in one frame with one MAC, and their replies come back the
 * same way: for hundreds of identities in one process this costs a fraction of a connection each.
 * The price: a replica that stops reading one of them (a client flooding it) stops reading all.
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
    private final boolean shareConnections;
    /** The shared connections, by loop and config; guarded by {@code this}. */
    private final Map<CarrierKey, Carrier> carriers = new HashMap<>();

    private ClientResources(int threads, boolean shareConnections) {
        this.group = NettyTransport.newEventLoopGroup(threads);
        this.shareConnections = shareConnections;
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
        return new ClientResources(threads, false);
    }

    /**
     * Starts {@code threads} event-loop threads for clients to share, as {@link #create}, and lets
     * the clients of each loop share one connection per replica (see above).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static ClientResources sharingConnections(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new ClientResources(threads, true);
    }

    /** Whether the clients of a loop share their connections ({@link #sharingConnections}). */
    public boolean sharesConnections() {
        return shareConnections;
    }

    /**
     * The way to the replicas for a client on {@code loop}: its own transport, or a share of the
     * loop's connections. The client's replies reach {@code handler}.
     *
     * @throws IllegalStateException if a client of the same principal is open on these shared connections
     */
    synchronized ClientLink link(EventLoop loop, TransportSettings settings, MessageHandler handler)
            throws InterruptedException {
        if (!shareConnections) {
            NettyTransport own = NettyTransport.startOn(settings, handler, loop);
            return new ClientLink(own, own::close);
        }
        var key = new CarrierKey(loop, HexFormat.of().formatHex(settings.configFingerprint()));
        int self = settings.self();
        // On any loop: a replica sends a client's replies down the connection that attached it last.
        if (carriers.entrySet().stream().anyMatch(e -> e.getKey().configFingerprint().equals(key.configFingerprint())
                && e.getValue().clients.containsKey(self))) {
            throw new IllegalStateException("principal " + self + " already has an open client on these resources");
        }
        Carrier carrier = carriers.get(key);
        if (carrier == null) {
            carrier = new Carrier(settings, loop);
            carriers.put(key, carrier);
        }
        carrier.clients.put(self, handler);
        if (self != carrier.transport.self()) {
            carrier.transport.carry(self, settings.keyring());
        }
        Carrier c = carrier;
        return new ClientLink(carrier.transport, () -> release(key, c, self));
    }

    private synchronized void release(CarrierKey key, Carrier carrier, int client) {
        carrier.clients.remove(client);
        carrier.transport.release(client);
        if (carrier.clients.isEmpty()) {
            carriers.remove(key, carrier);
            carrier.transport.close();
        }
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

    private record CarrierKey(EventLoop loop, String configFingerprint) {
    }

    /** One loop's connections to a group, opened as its first client, and the clients on them. */
    private static final class Carrier {
        private final Map<Integer, MessageHandler> clients = new ConcurrentHashMap<>();
        private final NettyTransport transport;

        Carrier(TransportSettings settings, EventLoop loop) throws InterruptedException {
            this.transport = NettyTransport.startOn(settings, this::dispatch, loop);
        }

        /** A reply or status report goes to the client it answers; a replica sends clients nothing else. */
        private void dispatch(int from, Message message) {
            int to = message instanceof Reply reply ? reply.client()
                    : message instanceof StatusReport report ? report.client() : -1;
            MessageHandler client = clients.get(to);
            if (client != null) {
                client.onMessage(from, message);
            } else {
                LOG.debug("shared connections ignore a {} from principal {}", message.getClass().getSimpleName(), from);
            }
        }
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
