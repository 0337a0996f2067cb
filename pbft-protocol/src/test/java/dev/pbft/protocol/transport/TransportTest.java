package dev.pbft.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.TestKeys;
import dev.pbft.protocol.TestPorts;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback. Waits are polls against a deadline, never fixed sleeps. */
class TransportTest {
    private static final int REPLICAS = 4;
    private static final int PRINCIPALS = 6;
    private static final WireLimits LIMITS = new WireLimits(PRINCIPALS, REPLICAS, 1024, 4096, 16, 8, 1 << 20);

    private final TestKeys keys = new TestKeys(PRINCIPALS, 7);
    private final Map<Integer, InetSocketAddress> addresses = freeAddresses();
    private final List<NettyTransport> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(NettyTransport::close);
    }

    record Received(int from, Message message) {
    }

    /** Tighter than the defaults, so a test sees them act within its patience. */
    private ConnectionGuards guards = new ConnectionGuards(500, 4, 500, 32);

    private NettyTransport start(int self, MacKeyring keyring, BlockingQueue<Received> inbox) throws InterruptedException {
        return start(self, keyring, TestKeys.CONTEXT, inbox);
    }

    private NettyTransport start(int self, MacKeyring keyring, byte[] fingerprint, BlockingQueue<Received> inbox)
            throws InterruptedException {
        Optional<InetSocketAddress> listen = self < REPLICAS ? Optional.of(addresses.get(self)) : Optional.empty();
        var settings = new TransportSettings(self, onlyReplicas(self), listen, fingerprint, LIMITS, keyring,
                200_000, 10, 200, p -> "principal " + p, guards);
        var t = NettyTransport.start(settings, (from, m) -> inbox.add(new Received(from, m)), 1);
        started.add(t);
        return t;
    }

    /** Endpoints under test connect to replicas 0 and 1 only, so absent replicas do not add noise. */
    private Map<Integer, InetSocketAddress> onlyReplicas(int self) {
        Map<Integer, InetSocketAddress> m = new TreeMap<>();
        m.put(0, addresses.get(0));
        m.put(1, addresses.get(1));
        return m;
    }

    @Test
    void hundredThousandMessagesArriveIntactAndInOrderPerLink() throws Exception {
        var inbox0 = new LinkedBlockingQueue<Received>();
        var inbox1 = new LinkedBlockingQueue<Received>();
        NettyTransport t0 = start(0, keys.keyring(0), inbox0);
        NettyTransport t1 = start(1, keys.keyring(1), inbox1);
        await(() -> t0.isConnected(1) && t1.isConnected(0), "replicas 0 and 1 connect");
        int total = 100_000;
        byte[] digest = new byte[32];
        int received0 = 0;
        int received1 = 0;
        for (int seq = 0; seq < total; seq++) {
            digest[seq % 32] = (byte) seq;
            t0.send(1, new Commit(1, seq, Bytes.copyOf(digest), 0));
            t1.send(0, new Commit(2, seq, Bytes.copyOf(digest), 1));
            if (seq % 5_000 == 4_999) { // keep what is in flight below the queue bound
                received1 = drainInOrder(inbox1, received1, seq + 1, 0, 1);
                received0 = drainInOrder(inbox0, received0, seq + 1, 1, 2);
            }
        }
        assertEquals(total, received1);
        assertEquals(total, received0);
        assertEquals(0, t0.stats().rejectedTotal() + t1.stats().rejectedTotal());
        assertTrue(t0.stats().dropped().isEmpty(), t0.stats().toString());
    }

    private static int drainInOrder(BlockingQueue<Received> inbox, int next, int upTo, int from, long view)
            throws InterruptedException {
        byte[] digest = new byte[32];
        for (int i = 0; i < next; i++) {
            digest[i % 32] = (byte) i;
        }
        for (; next < upTo; next++) {
            Received r = inbox.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "message " + next + " did not arrive");
            digest[next % 32] = (byte) next;
            assertEquals(new Received(from, new Commit(view, next, Bytes.copyOf(digest), from)), r);
        }
        return next;
    }

    @Test
    void anEndpointWithTheWrongKeyGetsNothingThrough() throws Exception {
        var inbox0 = new LinkedBlockingQueue<Received>();
        NettyTransport t0 = start(0, keys.keyring(0), inbox0);
        // Principal 4 (a client) with keys derived from someone else's key pair.
        TestKeys impostor = new TestKeys(PRINCIPALS, 99);
        NettyTransport bad = start(4, impostor.keyring(4), new LinkedBlockingQueue<>());
        for (int i = 0; i < 50; i++) {
            bad.send(0, new Request(4, i, Bytes.EMPTY, false, Bytes.EMPTY));
        }
        await(() -> t0.stats().rejected().getOrDefault("handshake", 0L) > 0, "the impostor's hello is rejected");
        assertTrue(inbox0.isEmpty(), "nothing from the impostor is delivered");
        assertEquals(0, t0.stats().framesReceived());
    }

    @Test
    void aMessageTooLargeForAFrameIsCountedAndDroppedNotThrownAtTheSender() throws Exception {
        var inbox1 = new LinkedBlockingQueue<Received>();
        NettyTransport t0 = start(0, keys.keyring(0), new LinkedBlockingQueue<>());
        start(1, keys.keyring(1), inbox1);
        await(() -> t0.isConnected(1), "connect");
        Request huge = new Request(4, 1, Bytes.wrap(new byte[2 << 20]), false, Bytes.EMPTY); // frames: 1 MiB
        t0.send(1, huge);
        t0.multicast(new int[] {1}, huge);
        await(() -> t0.stats().dropped().getOrDefault("too-large", 0L) == 2, "both copies dropped as too large");
        t0.send(1, commit(7));
        assertEquals(7, inbox1.poll(10, TimeUnit.SECONDS).message() instanceof Commit c ? c.seq() : -1);
    }

    @Test
    void aRestartedPeerIsReconnected() throws Exception {
        var inbox1 = new LinkedBlockingQueue<Received>();
        NettyTransport t0 = start(0, keys.keyring(0), new LinkedBlockingQueue<>());
        NettyTransport t1 = start(1, keys.keyring(1), inbox1);
        await(() -> t0.isConnected(1), "connect");
        t0.send(1, commit(1));
        assertEquals(1, inbox1.poll(10, TimeUnit.SECONDS).message() instanceof Commit c ? c.seq() : -1);
        t1.close();
        await(() -> !t0.isConnected(1), "the close is noticed");
        var inbox1b = new LinkedBlockingQueue<Received>();
        start(1, keys.keyring(1), inbox1b);
        await(() -> t0.isConnected(1), "reconnect after restart");
        t0.send(1, commit(2));
        Received r = inbox1b.poll(10, TimeUnit.SECONDS);
        assertEquals(new Received(0, commit(2)), r);
    }

    @Test
    void aReplicaRepliesToAClientOnTheClientsConnection() throws Exception {
        var inbox0 = new LinkedBlockingQueue<Received>();
        var clientInbox = new LinkedBlockingQueue<Received>();
        NettyTransport replica = start(0, keys.keyring(0), inbox0);
        NettyTransport client = start(5, keys.keyring(5), clientInbox);
        await(() -> client.isConnected(0), "client connects");
        client.send(0, new Request(5, 1, Bytes.utf8("op"), false, Bytes.EMPTY));
        Received request = inbox0.poll(10, TimeUnit.SECONDS);
        assertEquals(5, request.from());
        replica.send(5, new Reply(0, 1, 5, 0, Bytes.utf8("ok")));
        assertEquals(new Received(0, new Reply(0, 1, 5, 0, Bytes.utf8("ok"))), clientInbox.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void garbageOnTheWireIsCountedAndTheEndpointLivesOn() throws Exception {
        var inbox1 = new LinkedBlockingQueue<Received>();
        NettyTransport t1 = start(1, keys.keyring(1), inbox1);
        var random = new java.util.Random(3);
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket()) {
                s.connect(addresses.get(1));
                byte[] junk = new byte[1 + random.nextInt(200)];
                random.nextBytes(junk);
                if (i % 4 == 0) { // a length prefix far over the frame bound
                    junk = new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
                }
                OutputStream out = s.getOutputStream();
                out.write(junk);
                out.flush();
            } catch (IOException closedByPeer) {
                // the endpoint may close first; that is the point
            }
        }
        await(() -> t1.stats().rejectedTotal() > 0, "garbage is counted");
        assertAReplicaStillGetsThroughTo1(inbox1);
    }

    @Test
    void beforeItsHelloAPeerCannotMakeUsBufferALargeFrame() throws Exception {
        NettyTransport t1 = start(1, keys.keyring(1), new LinkedBlockingQueue<>());
        try (Socket s = new Socket()) {
            s.connect(addresses.get(1));
            // Within frame.bytes.max, but no hello: refused on the length prefix alone.
            s.getOutputStream().write(new byte[] {0, 1, 0, 0});
            s.getOutputStream().flush();
            assertClosedByPeer(s, "the endpoint closes the connection");
        }
        assertTrue(t1.stats().rejected().getOrDefault("bound", 0L) >= 1, t1.stats().toString());
    }

    @Test
    void aConnectionThatNeverSaysHelloIsClosedAtItsDeadline() throws Exception {
        NettyTransport t1 = start(1, keys.keyring(1), new LinkedBlockingQueue<>());
        try (Socket s = new Socket()) {
            s.connect(addresses.get(1));
            assertClosedByPeer(s, "closed after guards.helloTimeoutMillis");
        }
        assertEquals(1L, t1.stats().rejected().get("handshake"), t1.stats().toString());
    }

    @Test
    void oneAddressHoldsAtMostItsShareOfHelloLessConnectionsAndOthersStillGetIn() throws Exception {
        var inbox1 = new LinkedBlockingQueue<Received>();
        NettyTransport t1 = start(1, keys.keyring(1), inbox1);
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < guards.unauthenticatedPerAddressMax(); i++) {
                Socket s = new Socket();
                s.connect(addresses.get(1));
                idle.add(s);
            }
            await(() -> t1.pendingHellos().pending(addresses.get(1).getAddress()) == guards.unauthenticatedPerAddressMax(),
                    "the idle connections are counted");
            try (Socket extra = new Socket()) {
                extra.connect(addresses.get(1));
                assertClosedByPeer(extra, "one more from the same address is refused");
            }
            assertEquals(1L, t1.stats().rejected().get("handshake-limit"), t1.stats().toString());
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        await(() -> t1.pendingHellos().pending(addresses.get(1).getAddress()) == 0, "closed ones no longer count");
        assertAReplicaStillGetsThroughTo1(inbox1);
    }

    /** Replica 0 connects to replica 1, whose messages arrive in {@code inbox1}, and a COMMIT gets through. */
    private void assertAReplicaStillGetsThroughTo1(BlockingQueue<Received> inbox1) throws InterruptedException {
        NettyTransport t0 = start(0, keys.keyring(0), new LinkedBlockingQueue<>());
        await(() -> t0.isConnected(1), "a real peer still connects");
        t0.send(1, commit(9));
        assertEquals(new Received(0, commit(9)), inbox1.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aRefusedPeerIsToldWhyAndItsLinkSaysSoUntilItConnects() throws Exception {
        start(1, keys.keyring(1), new LinkedBlockingQueue<>());
        NettyTransport wrongKey = start(4, new TestKeys(PRINCIPALS, 8).keyring(4), new LinkedBlockingQueue<>());
        await(() -> wrongKey.linkRefused(1), "replica 1 refuses a key it does not know");
        assertEquals("refused us: it does not accept our key (the hello's MAC is wrong): our private key is not the"
                + " one its config lists for us", wrongKey.linkProblem(1));
        assertEquals("principal 1 at " + addresses.get(1).getHostString() + ":" + addresses.get(1).getPort(),
                wrongKey.linkName(1));

        byte[] otherConfig = TestKeys.CONTEXT.clone();
        otherConfig[0] ^= 1;
        NettyTransport elsewhere = start(5, keys.keyring(5), otherConfig, new LinkedBlockingQueue<>());
        await(() -> elsewhere.linkRefused(1), "replica 1 refuses another config");
        assertTrue(elsewhere.linkProblem(1).startsWith("refused us: it runs another cluster config"),
                elsewhere.linkProblem(1));

        await(() -> wrongKey.linkProblem(0) != null, "a connection attempt to replica 0 failed");
        assertTrue(wrongKey.linkProblem(0).startsWith("cannot connect: "), "replica 0 is not running: "
                + wrongKey.linkProblem(0));
        assertTrue(!wrongKey.linkRefused(0), "unreachable is not refused");
        start(0, keys.keyring(0), new LinkedBlockingQueue<>());
        NettyTransport good = start(4, keys.keyring(4), new LinkedBlockingQueue<>());
        await(() -> good.isConnected(0) && good.isConnected(1), "a correct client connects");
        assertNull(good.linkProblem(1));
    }

    @Test
    void anAuthenticatedPeerThatStallsInsideAFrameIsClosed() throws Exception {
        NettyTransport t1 = start(1, keys.keyring(1), new LinkedBlockingQueue<>());
        try (Socket s = new Socket()) {
            s.connect(addresses.get(1));
            OutputStream out = s.getOutputStream();
            handshake(s, 4, 1);
            out.write(new byte[] {0, 0, 0, 100, 1, 2, 3}); // 100 bytes announced, 3 sent
            out.flush();
            assertClosedByPeer(s, "closed after guards.frameStallMillis");
        }
        assertEquals(null, t1.stats().rejected().get("handshake"), "the hello was good");
        assertEquals(1L, t1.stats().rejected().get("bound"), t1.stats().toString());
    }

    @Test
    void repliesToAClientThatNeverReadsAreBoundedNotBuffered() throws Exception {
        NettyTransport t1 = start(1, keys.keyring(1), new LinkedBlockingQueue<>());
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(addresses.get(1));
            handshake(s, 4, 1);
            await(() -> t1.clientConnected(4), "the hello is taken");
            Bytes result = Bytes.wrap(new byte[1000]);
            // On the event loop, as a replica's core sends them: 40 MB that the client never reads.
            for (int round = 0; round < 40; round++) {
                int base = round * 1000;
                t1.singleEventLoop().submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        t1.send(4, new Reply(0, base + i, 4, 1, result));
                    }
                }).get();
            }
            await(() -> t1.stats().dropped().getOrDefault("queue-full", 0L) > 0, "the client's queue bound applies");
            long dropped = t1.stats().dropped().get("queue-full");
            // What left filled the sockets' kernel buffers and Netty's up to its high-water mark.
            assertTrue(dropped >= 30_000, "at most 10 MB taken of 40 MB: " + t1.stats());
        }
    }

    /** Does the connecting side's part of the handshake on a raw socket; returns the hello sent. */
    private byte[] handshake(Socket s, int from, int to) throws IOException {
        var in = new java.io.DataInputStream(s.getInputStream());
        byte[] challenge = new byte[in.readInt()];
        in.readFully(challenge);
        byte[] hello;
        try {
            hello = Handshake.hello(from, to, TestKeys.CONTEXT, Handshake.nonce(new java.security.SecureRandom()),
                    Handshake.challengeNonce(challenge), keys.keyring(from));
        } catch (Handshake.HandshakeException e) {
            throw new AssertionError(e);
        }
        s.getOutputStream().write(hello);
        s.getOutputStream().flush();
        in.readFully(new byte[4 + Handshake.WELCOME_BYTES]);
        return hello;
    }

    /** Reads until the endpoint closes the connection (whatever handshake frame it sent first). */
    private static void assertClosedByPeer(Socket s, String why) throws IOException {
        s.setSoTimeout(20_000);
        s.getInputStream().readAllBytes();
        assertEquals(-1, s.getInputStream().read(), why);
    }

    @Test
    void aHelloRecordedOnOneConnectionIsWorthlessOnAnother() throws Exception {
        NettyTransport t1 = start(1, keys.keyring(1), new LinkedBlockingQueue<>());
        byte[] recorded;
        try (Socket first = new Socket()) {
            first.connect(addresses.get(1));
            recorded = handshake(first, 4, 1);
            await(() -> t1.clientConnected(4), "the genuine hello is taken");
        }
        await(() -> !t1.clientConnected(4), "the genuine connection is gone");
        try (Socket replay = new Socket()) {
            replay.connect(addresses.get(1));
            replay.getOutputStream().write(recorded);
            replay.getOutputStream().flush();
            assertClosedByPeer(replay, "the replayed hello does not answer this connection's challenge");
        }
        assertEquals(1L, t1.stats().rejected().get("handshake"), t1.stats().toString());
        assertTrue(!t1.clientConnected(4), "replies to principal 4 do not go to the replayer");
    }

    @Test
    void aConnectingSideTrustsOnlyAWelcomeFromTheReplicaItDialled() throws Exception {
        try (ServerSocket impostor = new ServerSocket()) {
            impostor.bind(addresses.get(1));
            NettyTransport t0 = start(0, keys.keyring(0), new LinkedBlockingQueue<>());
            try (Socket s = impostor.accept()) {
                var in = new java.io.DataInputStream(s.getInputStream());
                s.getOutputStream().write(Handshake.challenge(Handshake.nonce(new java.security.SecureRandom())));
                byte[] hello = new byte[in.readInt()];
                in.readFully(hello);
                // Without replica 1's key the impostor can only make up a welcome, here with principal 2's.
                byte[] helloNonce = Arrays.copyOfRange(hello, Handshake.HELLO_BYTES - 64, Handshake.HELLO_BYTES - 32);
                s.getOutputStream().write(Handshake.welcome(1, 0, helloNonce, new byte[32], keys.keyring(2)));
                assertClosedByPeer(s, "the connecting side hangs up");
            }
            assertTrue(!t0.isConnected(1));
            assertTrue(t0.stats().rejected().getOrDefault("handshake", 0L) >= 1, t0.stats().toString());
        }
    }

    @Test
    void aPausedClientIsNotReadUntilThePauseEndsWhileReplicasStillGetThrough() throws Exception {
        var inbox0 = new LinkedBlockingQueue<Received>();
        NettyTransport replica = start(0, keys.keyring(0), inbox0);
        NettyTransport peer = start(1, keys.keyring(1), new LinkedBlockingQueue<>());
        NettyTransport client = start(5, keys.keyring(5), new LinkedBlockingQueue<>());
        await(() -> client.isConnected(0) && peer.isConnected(0), "both connect");
        client.send(0, request(1));
        assertEquals(new Received(5, request(1)), inbox0.poll(10, TimeUnit.SECONDS));

        long pausedAt = System.nanoTime();
        replica.pauseReading(5, 3_000);
        for (int t = 2; t <= 50; t++) {
            client.send(0, request(t));
        }
        peer.send(0, commit(1));
        assertEquals(new Received(1, commit(1)), inbox0.poll(10, TimeUnit.SECONDS), "a replica is read meanwhile");
        assertNull(inbox0.poll(300, TimeUnit.MILLISECONDS), "nothing of the client's is read in its pause");
        client.send(0, request(51)); // waits in the socket until the pause ends

        Received after = inbox0.poll(10, TimeUnit.SECONDS);
        assertEquals(5, after.from(), "read again once the pause is over");
        assertTrue(System.nanoTime() - pausedAt >= TimeUnit.MILLISECONDS.toNanos(2_900), "not before");
        assertTrue(replica.stats().rejected().getOrDefault("paused", 0L) >= 1, replica.stats().toString());
    }

    private static Request request(long timestamp) {
        return new Request(5, timestamp, Bytes.utf8("op"), false, Bytes.EMPTY);
    }

    private static Commit commit(long seq) {
        return new Commit(0, seq, Bytes.wrap(new byte[32]), 0);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    static Map<Integer, InetSocketAddress> freeAddresses() {
        Map<Integer, InetSocketAddress> m = new TreeMap<>();
        int[] ports = TestPorts.distinctFree(REPLICAS);
        for (int i = 0; i < REPLICAS; i++) {
            m.put(i, new InetSocketAddress("127.0.0.1", ports[i]));
        }
        return m;
    }

}
