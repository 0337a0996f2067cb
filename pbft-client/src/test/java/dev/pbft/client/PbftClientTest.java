package dev.pbft.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import dev.pbft.protocol.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PbftClient against fake replicas over real loopback sockets; waits are polls, never sleeps. */
class PbftClientTest {
    static final int OUTSTANDING_MAX = 4;

    private FakeReplicas group;

    @BeforeEach
    void start() throws InterruptedException {
        group = new FakeReplicas(ProtocolParams.builder()
                .set("client.timeout.millis", 500)
                .set("client.retransmit.millis", 100)
                .set("client.outstanding.max", OUTSTANDING_MAX)
                .build());
    }

    @AfterEach
    void stop() {
        group.close();
        assertEquals(0, group.badAuthenticators.get(), "every request carries valid MACs for every replica");
    }

    @Test
    void invokeReturnsTheResultTheReplicasAgreeOn() throws Exception {
        PbftClient client = group.client();
        assertArrayEquals(utf8("olleh"), client.invoke(utf8("hello")));
        assertArrayEquals(new byte[0], client.invoke(new byte[0]));
    }

    @Test
    void aPrimaryAnsweringGarbageDoesNotChangeTheResult() throws Exception {
        group.behave(0, FakeReplicas.GARBAGE);
        PbftClient client = group.client();
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(utf8("cba" + i), client.invoke(utf8(i + "abc")));
        }
    }

    @Test
    void withOnlyFReplicasAnsweringInvokeTimesOutSayingWhatItSaw() throws Exception {
        PbftClient client = group.client();
        client.invoke(utf8("warm-up")); // links and codecs warm, so the one answer arrives in time
        for (int r = 1; r < FakeReplicas.N; r++) {
            group.behave(r, FakeReplicas.SILENT);
        }
        var e = assertThrows(PbftTimeoutException.class, () -> client.invoke(utf8("x")));
        assertEquals("timed out after 500 ms: 1 reply, no f+1 match; connected to 4 of 4 replicas", e.getMessage());
        assertEquals(4, e.connectedReplicas());

        group.behave(1, FakeReplicas.GARBAGE);
        e = assertThrows(PbftTimeoutException.class, () -> client.invoke(utf8("y")));
        assertEquals("timed out after 500 ms: 2 replies, no f+1 match; connected to 4 of 4 replicas", e.getMessage());
    }

    @Test
    void aClientOfAnotherConfigIsToldSo() {
        ClusterConfig other = ClusterConfig.of(1, group.config.replicas(), group.config.clients(),
                ProtocolParams.builder().set("client.timeout.millis", 400).set("client.retransmit.millis", 100).build());
        try (PbftClient client = PbftClient.builder().config(other).client(FakeReplicas.CLIENT)
                .privateKey(group.clientKey()).build()) {
            var e = assertThrows(PbftRefusedException.class, () -> client.invoke(utf8("x")));
            assertTrue(e.getMessage().startsWith("timed out after 400 ms: 0 replies, no f+1 match; connected to 0 of 4"
                    + " replicas; replica 0 at 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().endsWith(" refused us: it runs another cluster config (fingerprint mismatch):"
                    + " give both the same config file"), e.getMessage());
        }
    }

    @Test
    void aClientOfAGroupThatIsDownTimesOutNamingWhatItCouldNotReach() {
        group.close();
        try (PbftClient client = PbftClient.builder().config(group.config).client(FakeReplicas.CLIENT)
                .privateKey(group.clientKey()).build()) {
            var e = assertThrows(PbftTimeoutException.class, () -> client.invoke(utf8("x")));
            assertEquals(0, e.connectedReplicas());
            assertTrue(e.getMessage().contains("replica 3 at 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().endsWith(" cannot connect: Connection refused"), e.getMessage());
        }
    }

    @Test
    void aSilentPrimaryIsBypassedByRetransmittingToAll() throws Exception {
        group.behave(0, FakeReplicas.SILENT);
        group.primaryForwards = false; // the backups hear of the request only from the client
        PbftClient client = group.client();
        assertArrayEquals(utf8("21"), client.invoke(utf8("12")));
    }

    @Test
    void manyMoreAsyncInvocationsThanOutstandingMaxAllComplete() throws Exception {
        PbftClient client = group.client();
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        int count = 25 * OUTSTANDING_MAX;
        for (int i = 0; i < count; i++) {
            futures.add(client.invokeAsync(utf8("op-" + i))); // blocks while 4 are in flight
        }
        for (int i = 0; i < count; i++) {
            assertArrayEquals(utf8(new StringBuilder("op-" + i).reverse().toString()), futures.get(i).join());
        }
    }

    @Test
    void whileTheOldestRequestIsStuckNothingWOrMoreNewerIsSentAndDependentStagesWaitInstead() throws Exception {
        Bytes stuckOperation = Bytes.utf8("stuck");
        for (int r = 0; r < FakeReplicas.N; r++) { // as if the primary had lost it: it times out
            group.behave(r, (replica, request) -> request.operation().equals(stuckOperation)
                    ? Optional.empty() : FakeReplicas.REVERSE.answer(replica, request));
        }
        PbftClient client = group.client();
        AtomicLong stuckTimestamp = new AtomicLong(-1);
        AtomicBoolean stuckOver = new AtomicBoolean();
        AtomicInteger tooNewWhileStuck = new AtomicInteger();
        AtomicInteger beyondTheFirstWindow = new AtomicInteger();
        // Replica 0 gets "stuck" first on the client's connection, so its timestamp is known before
        // any later request reaches any replica.
        group.onRequest = request -> {
            if (request.operation().equals(stuckOperation)) {
                stuckTimestamp.compareAndSet(-1, request.timestamp());
            } else if (request.timestamp() >= stuckTimestamp.get() + OUTSTANDING_MAX) {
                beyondTheFirstWindow.incrementAndGet();
                if (!stuckOver.get()) {
                    tooNewWhileStuck.incrementAndGet();
                }
            }
        };
        CompletableFuture<byte[]> stuck = client.invokeAsync(stuckOperation.toArray());
        stuck.whenComplete((r, e) -> stuckOver.set(true)); // runs before the client sends anything more
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int c = 0; c < OUTSTANDING_MAX - 1; c++) {
            chains.add(chain(client, "chain" + c + "-", 10));
        }

        var e = assertThrows(CompletionException.class, stuck::join);
        assertEquals("timed out after 500 ms: 0 replies, no f+1 match; connected to 4 of 4 replicas",
                e.getCause().getMessage());
        CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join(); // none refused or failed
        assertEquals(0, tooNewWhileStuck.get(), "requests " + OUTSTANDING_MAX + " or more newer than the stuck one were"
                + " sent while it was outstanding: replicas executing them would treat it as too old to execute");
        assertTrue(beyondTheFirstWindow.get() > 0, "the chains went beyond the first window once it was over");
    }

    /** {@code steps} operations one after the other, each issued from the previous one's stage. */
    private static CompletableFuture<Void> chain(PbftClient client, String prefix, int steps) {
        String op = prefix + steps;
        return client.invokeAsync(utf8(op)).thenCompose(result -> {
            assertArrayEquals(utf8(new StringBuilder(op).reverse().toString()), result);
            return steps == 1 ? CompletableFuture.completedFuture(null) : chain(client, prefix, steps - 1);
        });
    }

    @Test
    void closeFailsWhatIsOutstandingAndEverythingAfter() throws Exception {
        for (int r = 0; r < FakeReplicas.N; r++) {
            group.behave(r, FakeReplicas.SILENT);
        }
        PbftClient client = group.client();
        CompletableFuture<byte[]> pending = client.invokeAsync(utf8("a"));
        client.close();
        var e = assertThrows(CompletionException.class, pending::join);
        assertInstanceOf(PbftClientClosedException.class, e.getCause());
        assertEquals(PbftClient.CLOSED, e.getCause().getMessage());
        assertEquals(PbftClient.CLOSED, assertThrows(PbftClientClosedException.class, () -> client.invoke(utf8("b")))
                .getMessage());
        client.close(); // idempotent
    }

    @Test
    void blockingOnTheClientsOwnThreadIsRefused() throws Exception {
        PbftClient client = group.client();
        // A stage attached after the reply arrived runs on the test thread, where blocking is fine;
        // try until one runs on the client's thread, as a stage attached in time does.
        boolean checked = false;
        for (int attempt = 0; attempt < 200 && !checked; attempt++) {
            var ranOn = new java.util.concurrent.atomic.AtomicReference<Thread>();
            CompletableFuture<byte[]> chained = client.invokeAsync(utf8("a")).thenApply(r -> {
                ranOn.set(Thread.currentThread());
                return client.invoke(utf8("b"));
            });
            try {
                chained.join();
            } catch (CompletionException e) {
                assertInstanceOf(IllegalStateException.class, e.getCause());
            }
            if (ranOn.get() != Thread.currentThread()) {
                assertTrue(chained.isCompletedExceptionally(), "invoke() on the client's own thread must be refused");
                checked = true;
            }
        }
        assertTrue(checked, "no dependent stage ran on the client's thread in 200 attempts");
        byte[] viaAsync = client.invokeAsync(utf8("a")).thenCompose(r -> client.invokeAsync(utf8("bc"))).join();
        assertArrayEquals(utf8("cb"), viaAsync);
    }

    @Test
    void anOversizedOperationIsRefusedBeforeItIsSent() throws Exception {
        PbftClient client = group.client();
        int max = group.config.params().requestBytesMax();
        assertThrows(IllegalArgumentException.class, () -> client.invokeAsync(new byte[max + 1]));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
