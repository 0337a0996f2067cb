package dev.pbft.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pbft.config.ProtocolParams;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many PbftClients on shared event loops, against fake replicas over loopback. */
class ClientResourcesTest {
    private static final int CLIENTS = 40;

    FakeReplicas group;
    ClientResources shared;

    @BeforeEach
    void start() throws InterruptedException {
        group = new FakeReplicas(ProtocolParams.builder()
                .set("client.timeout.millis", 2000)
                .set("client.retransmit.millis", 100)
                .build(), Optional.empty(), CLIENTS);
        shared = newResources();
    }

    /** The resources under test: two threads, a connection per client. */
    ClientResources newResources() {
        return ClientResources.create(2);
    }

    @AfterEach
    void stop() {
        group.close();
        shared.close();
        assertEquals(0, group.badAuthenticators.get(), "every request carries valid MACs for every replica");
        assertEquals(0, group.requestsFromAnother.get(), "every request arrives as its own client's");
    }

    @Test
    void fortyClientsRunOnTheTwoSharedThreadsAndEachGetsItsOwnResults() throws Exception {
        List<PbftClient> clients = clients(CLIENTS);
        Set<Thread> threads = new HashSet<>();
        List<CompletableFuture<Thread>> ran = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            byte[] expected = utf8(new StringBuilder(i + "abc").reverse().toString());
            ran.add(clients.get(i).invokeAsync(utf8(i + "abc")).thenApply(result -> {
                assertArrayEquals(expected, result);
                return Thread.currentThread(); // dependent stages run on the client's thread
            }));
        }
        for (var f : ran) {
            threads.add(f.get(20, TimeUnit.SECONDS));
        }
        // A future already complete when its stage is attached runs the stage on the attaching thread.
        threads.remove(Thread.currentThread());
        assertEquals(2, threads.size(), "forty clients, two threads: " + threads);
    }

    @Test
    void closingOneClientLeavesTheOthersOnItsLoopWorking() throws Exception {
        List<PbftClient> clients = clients(4);
        clients.get(0).close();
        var e = assertThrows(PbftClientException.class, () -> clients.get(0).invoke(utf8("x")));
        assertEquals(PbftClient.CLOSED, e.getMessage());
        for (int i = 1; i < 4; i++) {
            assertArrayEquals(utf8("ih"), clients.get(i).invoke(utf8("hi")));
        }
    }

    @Test
    void aClientClosedFromItsOwnStageDoesNotStopTheSharedLoop() throws Exception {
        List<PbftClient> clients = clients(4);
        PbftClient first = clients.get(0);
        first.invokeAsync(utf8("a")).thenAccept(result -> first.close()).get(20, TimeUnit.SECONDS);
        for (int i = 1; i < 4; i++) {
            assertArrayEquals(utf8("ih"), clients.get(i).invoke(utf8("hi")));
        }
    }

    @Test
    void sharedTicksStillRetransmitPastASilentPrimary() throws Exception {
        List<PbftClient> clients = clients(3);
        group.behave(0, FakeReplicas.SILENT);
        group.primaryForwards = false; // the backups hear of a request only when the client re-sends it
        for (PbftClient client : clients) {
            assertArrayEquals(utf8("zyx"), client.invoke(utf8("xyz")));
        }
    }

    @Test
    void resourcesClosedBeforeTheirClientsFailCallsAsClosed() throws Exception {
        PbftClient client = clients(1).get(0);
        shared.close();
        var failure = assertThrows(ExecutionException.class,
                () -> client.invokeAsync(utf8("late")).get(5, TimeUnit.SECONDS));
        assertInstanceOf(PbftClientException.class, failure.getCause());
        assertEquals(PbftClient.CLOSED, failure.getCause().getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(15), client::close, "close waits for no stopped thread");
    }

    List<PbftClient> clients(int count) throws InterruptedException {
        List<PbftClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(group.client(i, shared));
        }
        return clients;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
