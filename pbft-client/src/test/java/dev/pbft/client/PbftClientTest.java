package dev.pbft.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.config.ProtocolParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
        var e = assertThrows(PbftClientException.class, () -> client.invoke(utf8("x")));
        assertEquals("timed out after 500 ms: 1 reply, no f+1 match", e.getMessage());

        group.behave(1, FakeReplicas.GARBAGE);
        e = assertThrows(PbftClientException.class, () -> client.invoke(utf8("y")));
        assertEquals("timed out after 500 ms: 2 replies, no f+1 match", e.getMessage());
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
    void closeFailsWhatIsOutstandingAndEverythingAfter() throws Exception {
        for (int r = 0; r < FakeReplicas.N; r++) {
            group.behave(r, FakeReplicas.SILENT);
        }
        PbftClient client = group.client();
        CompletableFuture<byte[]> pending = client.invokeAsync(utf8("a"));
        client.close();
        var e = assertThrows(CompletionException.class, pending::join);
        assertInstanceOf(PbftClientException.class, e.getCause());
        assertEquals(PbftClient.CLOSED, e.getCause().getMessage());
        assertEquals(PbftClient.CLOSED, assertThrows(PbftClientException.class, () -> client.invoke(utf8("b"))).getMessage());
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
