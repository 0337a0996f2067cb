package dev.pbft.protocol.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection we keep open to one replica: connects, and after any failure or close reconnects
 * with exponential backoff plus jitter, so a restarted peer is found again without a storm of
 * connection attempts. Why the link is down ({@link #problem()}) is logged when it changes, not at
 * every attempt: a refusal at WARN, a lost peer that cannot be reached again at INFO (one never
 * reached yet only at DEBUG: groups start one replica after another), and the connection once back.
 */
final class OutboundLink {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundLink.class);

    private final int peer;
    private final InetSocketAddress address;
    private final OutboundQueue queue;
    private final Bootstrap bootstrap;
    private final NettyTransport transport;
    private long backoffMillis;
    private volatile boolean everConnected;
    /** Why the link is down, as last logged; null while connected or before the first failure. */
    private volatile String problem;
    private volatile boolean refusedNow;
    /** The connection up now and the nonce its acceptor challenged it with, for attaches; or null. */
    private volatile Current current;

    private record Current(Channel channel, byte[] challengeNonce) {
    }

    OutboundLink(int peer, InetSocketAddress address, OutboundQueue queue, Bootstrap bootstrap,
                 NettyTransport transport) {
        this.peer = peer;
        this.address = address;
        this.queue = queue;
        this.bootstrap = bootstrap;
        this.transport = transport;
        this.backoffMillis = transport.settings().connectBackoffMinMillis();
    }

    int peer() {
        return peer;
    }

    OutboundQueue queue() {
        return queue;
    }

    boolean isConnected() {
        return queue.hasChannel();
    }

    void connect() {
        if (transport.isClosed()) {
            return;
        }
        ChannelFuture f = bootstrap.clone().handler(transport.initializer(this)).connect(address);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                report(false, "cannot connect: " + reason(done.cause()));
                scheduleReconnect();
            }
        });
    }

    /** The acceptor refused our hello and said why. */
    void refused(Handshake.Refusal why) {
        report(true, "refused us: " + why.explanation);
    }

    /** Why the link is down, e.g. "refused us: ..." or "cannot connect: ...", or null if it is up. */
    String problem() {
        return problem;
    }

    /** Whether the link is down because the peer refused our hello (not just unreachable). */
    boolean refused() {
        return refusedNow;
    }

    private void report(boolean refusal, String now) {
        refusedNow = refusal;
        if (now.equals(problem)) {
            return;
        }
        problem = now;
        if (refusal) {
            LOG.warn("{} {}; retrying with backoff", where(), now);
        } else if (everConnected) {
            LOG.info("{} {}; retrying with backoff", where(), now);
        } else {
            LOG.debug("{} {}; retrying with backoff", where(), now); // peers starting one after another
        }
    }

    /** The peer as configured: "replica 2 at 10.0.0.3:7002". */
    String where() {
        // host:port as configured; an unresolved address would print as "host/<unresolved>:port".
        return transport.settings().name(peer) + " at " + address.getHostString() + ":" + address.getPort();
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int colon = text.lastIndexOf(": "); // Netty prefixes the address, which where() already names
        return colon >= 0 ? text.substring(colon + 2) : text;
    }

    /**
     * The handshake on {@code ch} is complete: the clients the endpoint carries are attached on it
     * before any queued frame leaves.
     */
    void connected(Channel ch, byte[] challengeNonce) {
        synchronized (this) {
            backoffMillis = transport.settings().connectBackoffMinMillis();
        }
        if (everConnected || problem != null) {
            LOG.info("{} to {}", everConnected ? "reconnected" : "connected", where());
        }
        everConnected = true;
        problem = null;
        refusedNow = false;
        current = new Current(ch, challengeNonce);
        writeAttaches(ch, challengeNonce, transport.carriedClients());
        queue.attach(ch);
    }

    /** Attaches {@code client} on the connection up now, if any (a later one attaches it on its own). */
    void attachNow(int client) {
        Current c = current;
        if (c != null && c.channel().isActive()) {
            c.channel().eventLoop().execute(() -> {
                if (current == c) {
                    writeAttaches(c.channel(), c.challengeNonce(), java.util.List.of(client));
                }
            });
        }
    }

    /** Writes the attach frames straight on {@code ch}, ahead of the queue; on its loop. */
    private void writeAttaches(Channel ch, byte[] challengeNonce, Iterable<Integer> clients) {
        var frames = transport.attachFrames(peer, challengeNonce, clients);
        for (var frame : frames) {
            ch.write(frame, ch.voidPromise());
        }
        if (!frames.isEmpty()) {
            ch.flush();
        }
    }

    void disconnected(Channel ch) {
        Current c = current;
        if (c != null && c.channel() == ch) {
            current = null;
        }
        queue.detach(ch);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (transport.isClosed()) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = backoffMillis + ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1);
            backoffMillis = Math.min(backoffMillis * 2, transport.settings().connectBackoffMaxMillis());
        }
        transport.group().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }
}
