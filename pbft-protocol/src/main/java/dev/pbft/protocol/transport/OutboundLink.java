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
 * connection attempts.
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
                scheduleReconnect();
            }
        });
    }

    void connected(Channel ch) {
        synchronized (this) {
            backoffMillis = transport.settings().connectBackoffMinMillis();
        }
        if (everConnected) {
            // host:port as configured; an unresolved address prints as "host/<unresolved>:port".
            LOG.info("reconnected to {} at {}:{}", transport.settings().name(peer), address.getHostString(),
                    address.getPort());
        }
        everConnected = true;
        queue.attach(ch);
    }

    void disconnected(Channel ch) {
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
