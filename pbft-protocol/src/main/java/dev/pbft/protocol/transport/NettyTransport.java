package dev.pbft.protocol.transport;

import dev.pbft.protocol.codec.EncodedMessage;
import dev.pbft.protocol.codec.FrameDecoder;
import dev.pbft.protocol.codec.FrameEncoder;
import dev.pbft.protocol.codec.MessageCodec;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.message.Attach;
import dev.pbft.protocol.message.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP transport on Netty: epoll where available, NIO otherwise.
 *
 * <p>Every endpoint keeps one outbound connection to each other replica and sends on it; a replica
 * also accepts connections and replies to a client on the connection that client opened. Every
 * connection starts with an authenticated hello, and every frame after it is MAC-checked on the IO
 * thread before decoding; the {@link MessageHandler} sees authenticated messages only. Outbound
 * frames wait in a bounded per-link {@link OutboundQueue}.
 *
 * <p>A client endpoint may also carry other clients of its process ({@link #carry}): it proves each
 * one to every replica with an {@link Attach} on its connection, and the replica then takes their
 * requests from that connection and sends their replies down it. Many clients then share one
 * connection per replica, and what they send or receive in one loop turn shares frames and MACs.
 */
public final class NettyTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    private static final int WRITE_BUFFER_LOW_BYTES = 1 << 20;
    private static final int WRITE_BUFFER_HIGH_BYTES = 4 << 20;

    private final TransportSettings settings;
    private final MessageHandler handler;
    private final TransportStats stats = new TransportStats();
    private final RejectionLog rejections = new RejectionLog(stats);
    private final EventLoopGroup group;
    /** The one loop of a single-threaded transport, or null. */
    private final EventLoop singleLoop;
    /** Whether {@link #close} shuts {@link #group} down: false on a loop someone else owns. */
    private final boolean ownsGroup;
    /** Open channels, which {@link #close} closes and waits for before any group shutdown. */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final Map<Integer, OutboundLink> replicaLinks = new ConcurrentHashMap<>();
    private final Map<Integer, OutboundQueue> clientQueues = new ConcurrentHashMap<>();
    /** On a replica: clients attached to another client's connection, by the connection's principal. */
    private final Map<Integer, Integer> carriers = new ConcurrentHashMap<>();
    /** On a client: the clients this endpoint carries, with their own keys (see {@link #carry}). */
    private final Map<Integer, MacKeyring> carried = new ConcurrentHashMap<>();
    /** Clients whose connections are not read, with the {@link System#nanoTime} that ends it. */
    private final Map<Integer, Long> pausedUntilNanos = new ConcurrentHashMap<>();
    private final PendingHellos pendingHellos;
    private final SecureRandom random = new SecureRandom();
    private final FastThreadLocal<FrameDecoder> decoders;
    private final ThreadLocal<FrameEncoder> encoders;
    private volatile Channel serverChannel;
    private volatile boolean closed;

    private NettyTransport(TransportSettings settings, MessageHandler handler, EventLoopGroup group,
                           boolean ownsGroup, int ioThreads) {
        this.settings = settings;
        this.handler = handler;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.singleLoop = ioThreads == 1 ? (EventLoop) group.next() : null;
        this.pendingHellos = new PendingHellos(settings.guards().unauthenticatedPerAddressMax());
        this.decoders = new FastThreadLocal<>() {
            @Override
            protected FrameDecoder initialValue() {
                return new FrameDecoder(settings.self(), new MessageCodec(settings.limits()), settings.keyring().copy());
            }
        };
        this.encoders = ThreadLocal.withInitial(
                () -> new FrameEncoder(new MessageCodec(settings.limits()), settings.keyring().copy()));
    }

    /**
     * Starts an endpoint: binds the listen address (if any; failing fast if it is taken) and starts
     * connecting to every other replica in the background.
     *
     * @throws ListenException if the listen address cannot be bound, naming it and why
     * @param ioThreads Netty event-loop threads; 1 or 2 suit a small machine
     */
    public static NettyTransport start(TransportSettings settings, MessageHandler handler, int ioThreads)
            throws InterruptedException {
        return start(new NettyTransport(settings, handler, Transports.newGroup(ioThreads), true, ioThreads));
    }

    /**
     * Starts an endpoint whose every channel and callback runs on {@code loop}, which the caller
     * owns: {@link #close} closes this endpoint's connections and leaves the loop running. Many
     * endpoints (clients, say) can share one loop this way and pay for its thread once.
     */
    public static NettyTransport startOn(TransportSettings settings, MessageHandler handler, EventLoop loop)
            throws InterruptedException {
        return start(new NettyTransport(settings, handler, loop, false, 1));
    }

    /**
     * A group of {@code threads} event loops of the kind this transport runs on (see
     * {@link #socketLayer}), for {@link #startOn}; the caller shuts it down.
     */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        return Transports.newGroup(threads);
    }

    /** The socket layer this JVM's transports use: io_uring, epoll or nio (see {@code -Dpbft.transport}). */
    public static String socketLayer() {
        return Transports.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static NettyTransport start(NettyTransport t) throws InterruptedException {
        try {
            t.bind();
        } catch (RuntimeException | InterruptedException e) {
            t.close();
            throw e;
        }
        t.connectAll();
        return t;
    }

    private void bind() throws InterruptedException {
        if (settings.listenAddress().isEmpty()) {
            return;
        }
        ServerBootstrap b = new ServerBootstrap().group(group).channel(Transports.serverChannelClass())
                // A replica restarted after a crash binds again while its old connections linger in TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(initializer(null));
        InetSocketAddress address = settings.listenAddress().get();
        try {
            serverChannel = b.bind(address).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the socket's IOException undeclared
            throw new ListenException(address, e);
        }
    }

    private void connectAll() {
        Bootstrap b = new Bootstrap().group(group).channel(Transports.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark());
        settings.replicaAddresses().forEach((replica, address) -> {
            if (replica != settings.self()) {
                var link = new OutboundLink(replica, address, newQueue(replica), b, this);
                replicaLinks.put(replica, link);
                link.connect();
            }
        });
    }

    private static WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(WRITE_BUFFER_LOW_BYTES, WRITE_BUFFER_HIGH_BYTES);
    }

    ChannelInitializer<SocketChannel> initializer(OutboundLink link) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!track(ch)) {
                    return;
                }
                ch.pipeline().addLast(new IdleStateHandler(settings.guards().frameStallMillis(), 0, 0,
                        TimeUnit.MILLISECONDS));
                ch.pipeline().addLast(new FrameLengthDecoder(settings.limits().frameBytesMax(),
                        link != null ? Handshake.CHALLENGE_BYTES : Handshake.HELLO_BYTES));
                ch.pipeline().addLast(link == null ? new LinkHandler(NettyTransport.this)
                        : new LinkHandler(NettyTransport.this, link));
            }
        };
    }

    /** Tracks {@code ch} until it closes; false, and closes it, if this endpoint is closed. */
    private boolean track(Channel ch) {
        channels.add(ch);
        ch.closeFuture().addListener(f -> channels.remove(ch));
        if (closed) {
            ch.close();
            return false;
        }
        return true;
    }

    @Override
    public void send(int principal, Message message) {
        int to = linkFor(principal);
        OutboundQueue queue = closed ? null : queueFor(to);
        if (queue != null && queue.hold(message)) {
            return;
        }
        EncodedMessage encoded = encode(message, new int[] {to});
        if (encoded != null) {
            route(to, frame(encoded, 0));
        }
    }

    /**
     * {@code message} encoded for {@code to}, or null if it does not fit in a frame: counted as
     * dropped and logged, never thrown at the sender (a replica's core must not fail because one
     * of its messages, a NEW-VIEW carrying large batches say, outgrew {@code frame.bytes.max}).
     */
    private EncodedMessage encode(Message message, int[] to) {
        try {
            return encoders.get().encode(message, to);
        } catch (IllegalArgumentException tooBig) {
            stats.dropped("too-large");
            LOG.error("dropped a {} to {}: {}", message.getClass().getSimpleName(),
                    to.length == 1 ? settings.name(to[0]) : to.length + " peers", tooBig.getMessage());
            return null;
        }
    }

    /** Frames for messages held in one loop turn: one if they fit, else one each. */
    private List<ByteBuf> framesFor(int to, List<Message> held) {
        FrameEncoder encoder = encoders.get();
        try {
            return List.of(frame(encoder.encodeAll(held, to), 0));
        } catch (IllegalArgumentException tooBig) {
            List<ByteBuf> frames = new ArrayList<>(held.size());
            for (Message m : held) {
                try {
                    frames.add(frame(encoder.encode(m, new int[] {to}), 0));
                } catch (IllegalArgumentException e) {
                    stats.dropped("too-large");
                    LOG.error("dropped a {} to {}: {}", m.getClass().getSimpleName(), settings.name(to), e.getMessage());
                }
            }
            return frames;
        }
    }

    private OutboundQueue newQueue(int peer) {
        // A client that does not read its replies gets a smaller queue: its replies, not a replica's
        // agreement traffic, and there may be thousands of clients.
        boolean replica = peer < settings.limits().replicaCount();
        int max = replica ? settings.outboundQueueMax()
                : Math.min(settings.outboundQueueMax(), settings.guards().clientQueueMax());
        // A few whole frames per replica link (frames of megabytes: batches, fetched batches); a
        // client's replies fit in two.
        long bytesMax = (replica ? 4L : 2L) * settings.limits().frameBytesMax();
        // Twice the longest reconnect backoff: a link that blinked keeps what it queued meanwhile.
        return new OutboundQueue(max, bytesMax, 2 * settings.connectBackoffMaxMillis(), System::nanoTime, stats,
                held -> framesFor(peer, held));
    }

    private OutboundQueue queueFor(int to) {
        OutboundLink link = replicaLinks.get(to);
        return link != null ? link.queue() : clientQueues.get(to);
    }

    @Override
    public void multicast(int[] principals, Message message) {
        if (principals.length == 0) {
            return; // a group of one: there is nobody else to tell
        }
        int[] to = principals;
        if (!carriers.isEmpty()) {
            to = new int[principals.length];
            for (int i = 0; i < to.length; i++) {
                to[i] = linkFor(principals[i]);
            }
        }
        EncodedMessage encoded = encode(message, to);
        for (int i = 0; encoded != null && i < to.length; i++) {
            route(to[i], frame(encoded, i));
        }
    }

    /** The receiver's frame: shared header and body, its own MAC entry; nothing is copied. */
    private static ByteBuf frame(EncodedMessage encoded, int index) {
        return Unpooled.wrappedBuffer(encoded.header(), encoded.body(), encoded.trailer(index));
    }

    private void route(int to, ByteBuf frame) {
        if (closed) {
            frame.release();
            return;
        }
        OutboundQueue queue = queueFor(to);
        if (queue == null) {
            frame.release();
            stats.dropped("no-route");
            return;
        }
        queue.offer(frame);
    }

    /**
     * Stops reading every connection of client {@code client} for {@code millis}: the kernel's
     * buffers fill and TCP holds the client back, so a flood costs this endpoint neither decoding
     * nor MAC checks. Frames already read when the pause starts are dropped undecoded and counted
     * ({@code paused}); what the client sends meanwhile waits in its socket, bounded by TCP's window.
     * A pause while one runs extends nothing. For replicas, a no-op. Any thread.
     */
    public void pauseReading(int principal, long millis) {
        int client = linkFor(principal); // a carried client's pause holds back its carrier
        if (client >= settings.limits().replicaCount()) {
            long now = System.nanoTime();
            pausedUntilNanos.compute(client, (c, until) -> until != null && until - now > 0 ? until
                    : now + millis * 1_000_000);
        }
    }

    /**
     * Whether frames from {@code peer} on {@code ch} are to be dropped undecoded now: it is paused.
     * Stops reading the channel until the pause ends; called on the channel's loop.
     */
    boolean readingPaused(int peer, Channel ch) {
        if (pausedUntilNanos.isEmpty()) {
            return false; // the common case, without a hash lookup per frame
        }
        Long until = pausedUntilNanos.get(peer);
        if (until == null) {
            return false;
        }
        long leftNanos = until - System.nanoTime();
        if (leftNanos <= 0) {
            pausedUntilNanos.remove(peer, until);
            return false;
        }
        if (ch.config().isAutoRead()) {
            ch.config().setAutoRead(false);
            ch.eventLoop().schedule(() -> ch.config().setAutoRead(true), leftNanos, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /**
     * Frames waiting to leave for {@code peer} because its connection is down or does not keep up
     * (the connection's own buffer is full); 0 for a peer with no queue. Any thread.
     */
    public int queued(int peer) {
        OutboundQueue queue = queueFor(linkFor(peer));
        return queue == null ? 0 : queue.size();
    }

    /**
     * Messages to {@code replica} dropped on this endpoint, for any reason (its link down too long,
     * its queue full, ...), since the endpoint started; 0 for a principal that is no other replica.
     */
    public long droppedTo(int replica) {
        OutboundLink link = replicaLinks.get(replica);
        return link == null ? 0 : link.queue().dropped();
    }

    /** Whether the outbound connection to {@code replica} is up. */
    public boolean isConnected(int replica) {
        OutboundLink link = replicaLinks.get(replica);
        return link != null && link.isConnected();
    }

    /**
     * Why the outbound connection to {@code replica} is down ("refused us: ..." with the reason the
     * replica gave, or "cannot connect: ..."), or null if it is up or has not failed yet.
     */
    public String linkProblem(int replica) {
        OutboundLink link = replicaLinks.get(replica);
        return link == null || link.isConnected() ? null : link.problem();
    }

    /** {@code replica} as this endpoint dials it: "replica 2 at 10.0.0.3:7002". */
    public String linkName(int replica) {
        OutboundLink link = replicaLinks.get(replica);
        return link == null ? settings.name(replica) : link.where();
    }

    /** Whether {@code replica} refused this endpoint's last hello (a wrong key or another config). */
    public boolean linkRefused(int replica) {
        OutboundLink link = replicaLinks.get(replica);
        return link != null && !link.isConnected() && link.refused();
    }

    /** Whether client {@code principal} has an authenticated connection to this endpoint now. */
    boolean clientConnected(int principal) {
        OutboundQueue q = clientQueues.get(linkFor(principal));
        return q != null && q.hasChannel();
    }

    /** How many other replicas this endpoint currently has an outbound connection to. */
    public int connectedReplicas() {
        return (int) replicaLinks.values().stream().filter(OutboundLink::isConnected).count();
    }

    /**
     * The one event loop of a transport started with {@code ioThreads = 1}: every callback of this
     * transport runs on it, so a caller may run single-threaded state on it too.
     *
     * @throws IllegalStateException if the transport has more than one IO thread
     */
    public EventLoop singleEventLoop() {
        if (singleLoop == null) {
            throw new IllegalStateException("the transport has more than one IO thread");
        }
        return singleLoop;
    }

    /** This endpoint's principal. */
    public int self() {
        return settings.self();
    }

    public TransportStats stats() {
        return stats;
    }

    /** The bound listen address (with the real port if 0 was configured), or null for a client. */
    public InetSocketAddress boundAddress() {
        Channel ch = serverChannel;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // One deadline for the listening socket and every connection (and at most 2 s more for a
        // group of our own to stop), so a replica exits well within a supervisor's 5 s grace.
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        if (serverChannel != null) {
            // Waited for: a replica restarted in this JVM binds the same port right after.
            serverChannel.close().awaitUninterruptibly(TimeUnit.SECONDS.toNanos(2), TimeUnit.NANOSECONDS);
        }
        // Closed and waited for while the loops still run, also before a shutdown of our own group:
        // with io_uring a socket still open when its loop stops may stay open until the JVM exits.
        List<io.netty.channel.ChannelFuture> closing = channels.stream().map(Channel::close).toList();
        for (var f : closing) {
            if (!f.channel().eventLoop().inEventLoop()) {
                f.awaitUninterruptibly(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    // ---- callbacks from LinkHandler and OutboundLink ----

    byte[] newNonce() {
        return Handshake.nonce(random);
    }

    byte[] hello(int to, byte[] ownNonce, byte[] challengeNonce) {
        return Handshake.hello(settings.self(), to, settings.configFingerprint(), ownNonce, challengeNonce,
                decoders.get().keyring());
    }

    Handshake.Hello verifyHello(byte[] frame, byte[] challengeNonce) throws Handshake.HandshakeException {
        return Handshake.verify(frame, settings.self(), settings.configFingerprint(), challengeNonce,
                settings.limits().principalCount(), decoders.get().keyring());
    }

    byte[] welcome(int to, byte[] helloNonce, byte[] challengeNonce) {
        return Handshake.welcome(settings.self(), to, helloNonce, challengeNonce, decoders.get().keyring());
    }

    void verifyWelcome(byte[] frame, int acceptor, byte[] helloNonce, byte[] challengeNonce)
            throws Handshake.HandshakeException {
        Handshake.verifyWelcome(frame, acceptor, settings.self(), helloNonce, challengeNonce, decoders.get().keyring());
    }

    ConnectionGuards guards() {
        return settings.guards();
    }

    PendingHellos pendingHellos() {
        return pendingHellos;
    }

    void inboundOpened(int peer, Channel ch) {
        LOG.debug("{} connected from {}", settings.name(peer), ch.remoteAddress());
        if (!replicaLinks.containsKey(peer)) {
            // Its own connection now, not another's; clients it carried on an older one attach again.
            carriers.remove(peer);
            dropCarried(peer);
            clientQueues.computeIfAbsent(peer, this::newQueue).attach(ch);
        }
    }

    void inboundClosed(int peer, Channel ch) {
        OutboundQueue q = clientQueues.get(peer);
        if (q != null && q.detach(ch)) {
            dropCarried(peer);
        }
    }

    private void dropCarried(int carrier) {
        if (!carriers.isEmpty()) {
            carriers.values().removeIf(c -> c == carrier);
        }
    }

    /** The principal whose connection carries messages for {@code principal}: its carrier, or itself. */
    private int linkFor(int principal) {
        if (carriers.isEmpty()) {
            return principal; // the common case, without a hash lookup per message
        }
        Integer carrier = carriers.get(principal);
        return carrier == null ? principal : carrier;
    }

    /**
     * On a replica, an {@link Attach} read on the connection {@code opener} opened as {@code ch}
     * (challenged with {@code challengeNonce}): true, and {@code attach.client()}'s messages go down
     * {@code ch} from now on, if it proves the client and {@code ch} is {@code opener}'s current
     * connection; false, counted and logged, otherwise.
     */
    boolean attach(int opener, Channel ch, byte[] challengeNonce, Attach attach) {
        int client = attach.client();
        int replicas = settings.limits().replicaCount();
        String problem = null;
        if (settings.self() >= replicas || opener < replicas) {
            problem = "an attach on a connection that is not a client's to a replica";
        } else if (client < replicas || client == opener) {
            problem = "an attach for principal " + client + ", which is no other client";
        } else if (!Handshake.verifyAttach(client, settings.self(), opener, challengeNonce, attach.proof().toArray(),
                decoders.get().keyring())) {
            problem = "bad proof in the attach of " + settings.name(client)
                    + " (a wrong key, or an attach recorded on another connection)";
        } else if (!clientQueues.get(opener).isChannel(ch)) {
            problem = "an attach on a connection that was replaced";
        }
        if (problem != null) {
            rejections.reject(describe(opener, ch), "attach", problem);
            return false;
        }
        carriers.put(client, opener);
        return true;
    }

    /**
     * On a client endpoint: carries client {@code client} as well, proving it with
     * {@code clientKeys} (its own keyring) to each replica on every connection, the current ones
     * and those after a reconnect, before anything else is written there. Messages replicas send
     * to {@code client} then reach this endpoint's handler; send {@code client}'s requests through
     * this endpoint. Any thread; carrying a client again is harmless.
     */
    public void carry(int client, MacKeyring clientKeys) {
        if (client == settings.self() || client < settings.limits().replicaCount()) {
            throw new IllegalArgumentException("principal " + client + " is not another client");
        }
        carried.put(client, clientKeys.copy());
        replicaLinks.values().forEach(link -> link.attachNow(client));
    }

    /** Stops carrying {@code client} on new connections; replicas learn it when it connects elsewhere. */
    public void release(int client) {
        carried.remove(client);
    }

    /**
     * Frames of the attaches for {@code clients} that this endpoint carries, to {@code replica} on a
     * connection it challenged with {@code challengeNonce}: none if it carries none of them.
     */
    List<ByteBuf> attachFrames(int replica, byte[] challengeNonce, Iterable<Integer> clients) {
        List<ByteBuf> frames = new ArrayList<>();
        List<Message> attaches = new ArrayList<>();
        for (int client : clients) {
            MacKeyring keys = carried.get(client);
            if (keys == null) {
                continue;
            }
            byte[] proof;
            synchronized (keys) { // a keyring is single-threaded; links may run on several loops
                proof = Handshake.attachProof(client, replica, settings.self(), challengeNonce, keys);
            }
            attaches.add(new Attach(client, dev.pbft.protocol.Bytes.wrap(proof)));
            if (attaches.size() == OutboundQueue.HELD_MAX) {
                frames.addAll(framesFor(replica, attaches));
                attaches = new ArrayList<>();
            }
        }
        if (!attaches.isEmpty()) {
            frames.addAll(framesFor(replica, attaches));
        }
        return frames;
    }

    /** The clients this endpoint carries now. */
    Iterable<Integer> carriedClients() {
        return carried.keySet();
    }

    void inboundWritable(int peer) {
        OutboundQueue q = clientQueues.get(peer);
        if (q != null) {
            q.scheduleDrain();
        }
    }

    void delivered(int from, Message message) {
        stats.received();
        try {
            handler.onMessage(from, message);
        } catch (RuntimeException e) {
            LOG.error("message handler failed on {} from {}", message.getClass().getSimpleName(), settings.name(from), e);
        }
    }

    FrameDecoder decoder() {
        return decoders.get();
    }

    RejectionLog rejections() {
        return rejections;
    }

    /** Names a peer for logs: by principal once authenticated, else by IP (not port, so a peer
     * reconnecting from new ports is still logged once). */
    String describe(int peer, Channel ch) {
        if (peer >= 0) {
            return settings.name(peer);
        }
        return ch.remoteAddress() instanceof InetSocketAddress a
                ? "unauthenticated peer " + a.getAddress().getHostAddress() : "unauthenticated peer";
    }

    TransportSettings settings() {
        return settings;
    }

    EventLoopGroup group() {
        return group;
    }

    boolean isClosed() {
        return closed;
    }
}
