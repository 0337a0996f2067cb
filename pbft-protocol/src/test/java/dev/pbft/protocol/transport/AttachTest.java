package dev.pbft.protocol.transport;

import static dev.pbft.protocol.transport.TransportTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.TestKeys;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Attach;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.StatusQuery;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients sharing a connection (ATTACH): a carried client's requests arrive as its own and its
 * replies come back on the carrier, and nobody can attach a client without that client's key.
 * Real sockets on loopback; principals 0-1 are replicas, 4-7 clients.
 */
class AttachTest {
    private static final int PRINCIPALS = 8;
    private static final WireLimits LIMITS = new WireLimits(PRINCIPALS, 4, 1024, 4096, 16, 8, 1 << 20);
    private static final int CARRIER = 4;

    private final TestKeys keys = new TestKeys(PRINCIPALS, 11);
    private final Map<Integer, InetSocketAddress> addresses = TransportTest.freeAddresses();
    private final List<NettyTransport> started = new ArrayList<>();

    record Received(int from, Message message) {
    }

    @AfterEach
    void closeAll() {
        started.forEach(NettyTransport::close);
    }

    private NettyTransport start(int self, MacKeyring keyring, BlockingQueue<Received> inbox)
            throws InterruptedException {
        Optional<InetSocketAddress> listen = self < 4 ? Optional.of(addresses.get(self)) : Optional.empty();
        Map<Integer, InetSocketAddress> replicas = new TreeMap<>(Map.of(0, addresses.get(0), 1, addresses.get(1)));
        var settings = new TransportSettings(self, replicas, listen, TestKeys.CONTEXT, LIMITS, keyring, 10_000, 10,
                200, p -> "principal " + p, ConnectionGuards.DEFAULT);
        var t = NettyTransport.start(settings, (from, m) -> inbox.add(new Received(from, m)), 1);
        started.add(t);
        return t;
    }

    private static Request request(int client, long timestamp) {
        return new Request(client, timestamp, Bytes.utf8("op"), false, Bytes.EMPTY);
    }

    private static Reply reply(int client, long timestamp) {
        return new Reply(0, timestamp, client, 0, Bytes.utf8("ok " + client));
    }

    @Test
    void aCarriedClientsRequestsArriveAsItsOwnAndItsRepliesComeBackOnTheCarrier() throws Exception {
        var atReplica = new LinkedBlockingQueue<Received>();
        var atCarrier = new LinkedBlockingQueue<Received>();
        NettyTransport replica = start(0, keys.keyring(0), atReplica);
        NettyTransport carrier = start(CARRIER, keys.keyring(CARRIER), atCarrier);
        carrier.carry(5, keys.keyring(5));
        carrier.carry(6, keys.keyring(6));
        await(() -> replica.clientConnected(5) && replica.clientConnected(6), "both are attached");
        for (int client : new int[] {5, 6, CARRIER}) {
            carrier.send(0, request(client, 1));
            assertEquals(new Received(client, request(client, 1)), atReplica.poll(10, TimeUnit.SECONDS));
            replica.send(client, reply(client, 1));
            assertEquals(new Received(0, reply(client, 1)), atCarrier.poll(10, TimeUnit.SECONDS));
        }
        carrier.send(0, new StatusQuery(6, 9)); // a status query is a carried client's own too
        assertEquals(new Received(6, new StatusQuery(6, 9)), atReplica.poll(10, TimeUnit.SECONDS));
        assertEquals(0, replica.stats().rejectedTotal(), replica.stats().toString());
    }

    @Test
    void anAttachWithoutTheClientsKeyIsRefusedAndTheClientGetsNothingOfIt() throws Exception {
        var atReplica = new LinkedBlockingQueue<Received>();
        var atCarrier = new LinkedBlockingQueue<Received>();
        NettyTransport replica = start(0, keys.keyring(0), atReplica);
        NettyTransport carrier = start(CARRIER, keys.keyring(CARRIER), atCarrier);
        TestKeys impostor = new TestKeys(PRINCIPALS, 99);
        carrier.carry(5, impostor.keyring(5)); // claims client 5 without its key
        await(() -> replica.stats().rejected().getOrDefault("attach", 0L) >= 1, "the attach is refused");
        assertFalse(replica.clientConnected(5), "client 5's replies do not go to the carrier");
        carrier.send(0, request(5, 1));
        // Delivered as the carrier's, so the protocol refuses it as a request from the wrong sender.
        assertEquals(new Received(CARRIER, request(5, 1)), atReplica.poll(10, TimeUnit.SECONDS));
        replica.send(5, reply(5, 1));
        await(() -> replica.stats().dropped().getOrDefault("no-route", 0L) == 1, "the reply has no way to go");
        assertEquals(null, atCarrier.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void anAttachProvesItsClientOnItsOwnConnectionToItsOwnReplicaOnly() {
        byte[] nonce = new byte[32];
        byte[] otherNonce = new byte[32];
        otherNonce[0] = 1;
        byte[] proof = Handshake.attachProof(5, 0, CARRIER, nonce, keys.keyring(5));
        assertTrue(Handshake.verifyAttach(5, 0, CARRIER, nonce, proof, keys.keyring(0)));
        assertFalse(Handshake.verifyAttach(5, 0, CARRIER, otherNonce, proof, keys.keyring(0)), "another connection");
        assertFalse(Handshake.verifyAttach(5, 0, 6, nonce, proof, keys.keyring(0)), "opened by another client");
        assertFalse(Handshake.verifyAttach(5, 1, CARRIER, nonce, proof, keys.keyring(1)), "another replica");
        assertFalse(Handshake.verifyAttach(6, 0, CARRIER, nonce, proof, keys.keyring(0)), "another client");
    }

    @Test
    void aReplicaCannotAttachAClientToItsOwnConnection() throws Exception {
        NettyTransport replica0 = start(0, keys.keyring(0), new LinkedBlockingQueue<>());
        NettyTransport replica1 = start(1, keys.keyring(1), new LinkedBlockingQueue<>());
        await(() -> replica1.isConnected(0), "replica 1 connects");
        replica1.send(0, new Attach(5, Bytes.wrap(new byte[32])));
        await(() -> replica0.stats().rejected().getOrDefault("attach", 0L) == 1, "the attach is refused");
        assertFalse(replica0.clientConnected(5));
    }

    @Test
    void aCarrierAttachesItsClientsAgainAfterAReconnect() throws Exception {
        var atCarrier = new LinkedBlockingQueue<Received>();
        NettyTransport replica = start(0, keys.keyring(0), new LinkedBlockingQueue<>());
        NettyTransport carrier = start(CARRIER, keys.keyring(CARRIER), atCarrier);
        carrier.carry(5, keys.keyring(5));
        await(() -> replica.clientConnected(5), "attached");
        replica.close();
        var atRestarted = new LinkedBlockingQueue<Received>();
        NettyTransport restarted = start(0, keys.keyring(0), atRestarted);
        await(() -> restarted.clientConnected(5), "attached again on the new connection");
        carrier.send(0, request(5, 2));
        assertEquals(new Received(5, request(5, 2)), atRestarted.poll(10, TimeUnit.SECONDS));
        restarted.send(5, reply(5, 2));
        assertEquals(new Received(0, reply(5, 2)), atCarrier.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aClientThatConnectsOnItsOwnTakesItsRepliesBackAndAClosedCarrierTakesNone() throws Exception {
        var atCarrier = new LinkedBlockingQueue<Received>();
        var atOwn = new LinkedBlockingQueue<Received>();
        NettyTransport replica = start(0, keys.keyring(0), new LinkedBlockingQueue<>());
        NettyTransport carrier = start(CARRIER, keys.keyring(CARRIER), atCarrier);
        carrier.carry(5, keys.keyring(5));
        carrier.carry(6, keys.keyring(6));
        await(() -> replica.clientConnected(5) && replica.clientConnected(6), "attached");
        NettyTransport own = start(5, keys.keyring(5), atOwn);
        await(() -> own.isConnected(0), "client 5 connects on its own");
        replica.send(5, reply(5, 3));
        assertEquals(new Received(0, reply(5, 3)), atOwn.poll(10, TimeUnit.SECONDS));
        carrier.close();
        await(() -> !replica.clientConnected(6), "client 6 left with its carrier");
        assertTrue(atCarrier.isEmpty(), "the carrier got none of client 5's replies");
    }
}
