package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.BatchFetch;
import dev.pbft.protocol.message.DigestPrePrepare;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PRE-PREPAREs that name requests by digest: separate request transmission
 * ({@code request.separate.bytes.min}) and relayed requests by digest ({@code request.relayed.digests}).
 */
class SeparateRequestsTest {
    private static final int CLIENT = 4;

    @Test
    void largeRequestsGoToEveryReplicaAreRelayedByNoneAndTravelInPrePreparesByDigest() {
        CoreHarness h = CoreHarness.withSeparateRequests(4, 1, 1, true);
        List<Message> sent = record(h);
        h.submit(0, CLIENT, put(CLIENT, 1, "k", "v")); // the client sends it to every replica
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(0, count(sent, Request.class), "with request.relay on, still no replica relays it");
        assertEquals(3, count(sent, DigestPrePrepare.class));
        assertEquals(0, count(sent, PrePrepare.class), "no request travels whole in a PRE-PREPARE");
        assertEquals(0, count(sent, BatchFetch.class), "every backup had the body from the client");
        DigestPrePrepare d = (DigestPrePrepare) sent.stream().filter(m -> m instanceof DigestPrePrepare).findFirst()
                .orElseThrow();
        assertTrue(d.batch().get(0) instanceof DigestPrePrepare.ByDigest);
    }

    @Test
    void requestsBelowTheThresholdAreRelayedAndTravelWhole() {
        CoreHarness h = CoreHarness.withSeparateRequests(4, 1, 1000, true);
        List<Message> sent = record(h);
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(3, count(sent, Request.class), "relayed to each backup");
        assertEquals(3, count(sent, PrePrepare.class));
        assertEquals(0, count(sent, DigestPrePrepare.class));
    }

    @Test
    void aBackupThatLacksABodyFetchesTheBatchFromThePrimary() {
        CoreHarness h = CoreHarness.withSeparateRequests(4, 1, 1, true);
        List<Message> sent = record(h);
        Request r = put(CLIENT, 1, "k", "v");
        for (int i = 0; i < 3; i++) {
            h.sendOnly(i, CLIENT, r); // the copy to replica 3 is lost
        }
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertTrue(count(sent, BatchFetch.class) >= 1);
        assertEquals(1, h.cores.get(3).stats().separateFetches());
        assertEquals(0, h.cores.get(1).stats().separateFetches());
    }

    @Test
    void aBackupWhoseClientSentItAnotherBodyFetchesAndExecutesWhatThePrimaryOrdered() {
        CoreHarness h = CoreHarness.withSeparateRequests(4, 1, 1, false);
        Request ordered = put(CLIENT, 1, "k", "ordered");
        h.sendOnly(3, CLIENT, put(CLIENT, 1, "k", "other")); // a faulty client: replica 3 gets another operation
        for (int i = 0; i < 3; i++) {
            h.sendOnly(i, CLIENT, ordered);
        }
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(1, h.cores.get(3).stats().separateFetches());
        h.submit(0, CLIENT, get(CLIENT, 2, "k"));
        h.deliverAll();
        Bytes value = Bytes.utf8("ordered");
        assertEquals(4, h.replies(CLIENT, 2).stream().filter(r -> contains(r.result(), value)).count(),
                "every replica holds what the primary ordered");
    }

    @Test
    void aPrimaryThatHidesBodiesIsWorkedAroundByTheClientsRetransmissionWithoutAViewChange() {
        CoreHarness h = CoreHarness.withSeparateRequests(4, 1, 1, true);
        Request r = put(CLIENT, 1, "k", "v");
        h.drop = e -> e.from() == 0 && (e.message() instanceof Request || e.message() instanceof BatchData);
        h.sendOnly(0, CLIENT, r);
        h.sendOnly(1, CLIENT, r); // f+1 endorse it; replicas 2 and 3 never got it from the client
        h.deliverAll();
        h.tick(5);
        assertEquals(0, h.cores.get(1).lastExecuted(), "2 and 3 cannot prepare what they cannot rebuild");
        h.broadcast(CLIENT, r); // the client's retransmission goes to every replica
        h.deliverAll();
        h.tick(40); // a status period: the backups rebuild what they waited for from the bodies they hold now
        assertExecutedEverywhere(h, 1);
        for (ReplicaCore core : h.cores) {
            assertEquals(0, core.view());
        }
    }

    @Test
    void aForgedBatchDoesNotCompleteAWaitingPrePrepareAndTheGenuineOneStillDoes() {
        CoreHarness h = CoreHarness.withSeparateRequests(4, 1, 1, true);
        h.drop = e -> e.to() == 3 && e.message() instanceof BatchData;
        List<Message> sent = record(h);
        Request r = put(CLIENT, 1, "k", "v");
        for (int i = 0; i < 3; i++) {
            h.sendOnly(i, CLIENT, r);
        }
        h.deliverAll();
        assertEquals(1, h.cores.get(3).stats().separateFetches());
        Bytes digest = sent.stream().filter(m -> m instanceof DigestPrePrepare).map(m -> ((DigestPrePrepare) m).digest())
                .findFirst().orElseThrow();
        Request forged = put(CLIENT, 1, "k", "forged");
        h.cores.get(3).step(1, new BatchData(1, digest, List.of(forged), 1)); // another replica's lie
        assertEquals(0, h.cores.get(3).lastExecuted());
        h.drop = e -> false;
        h.tick(40); // asks the primary again
        assertEquals(1, h.cores.get(3).lastExecuted());
    }

    @Test
    void aRequestThePrimaryRelayedTravelsInItsPrePrepareByDigestAndNoBackupFetches() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        List<Message> sent = record(h);
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v")); // to the primary alone, which relays it
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(3, count(sent, Request.class), "relayed once to each backup");
        assertEquals(3, count(sent, DigestPrePrepare.class));
        assertEquals(0, count(sent, PrePrepare.class), "no backup receives the request a second time");
        assertEquals(0, count(sent, BatchFetch.class), "the relay came ahead of the PRE-PREPARE");
        DigestPrePrepare d = (DigestPrePrepare) sent.stream().filter(m -> m instanceof DigestPrePrepare).findFirst()
                .orElseThrow();
        assertTrue(d.batch().get(0) instanceof DigestPrePrepare.ByDigest);
    }

    @Test
    void aRequestThePrimaryHadFromAnotherReplicaTravelsWhole() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        List<Message> sent = record(h);
        h.sendOnly(1, CLIENT, put(CLIENT, 1, "k", "v")); // a backup relays it, the primary does not
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(3, count(sent, PrePrepare.class));
        assertEquals(0, count(sent, DigestPrePrepare.class));
    }

    @Test
    void aBackupWhoseRelayWasLostFetchesTheBatchFromThePrimary() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        h.drop = e -> e.from() == 0 && e.to() == 3 && e.message() instanceof Request;
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(1, h.cores.get(3).stats().separateFetches());
        assertEquals(0, h.cores.get(1).stats().separateFetches());
    }

    @Test
    void aBackupThatThePrePrepareReachedBeforeTheRelayTakesTheRelayWithoutWaitingForTheBatch() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        List<Request> held = new ArrayList<>();
        h.drop = e -> {
            boolean relayTo3 = e.from() == 0 && e.to() == 3 && e.message() instanceof Request;
            if (relayTo3) {
                held.add((Request) e.message());
            }
            return relayTo3 || e.message() instanceof BatchData;
        };
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        assertEquals(0, h.cores.get(3).lastExecuted(), "no body and no batch yet");
        assertEquals(1, h.cores.get(3).stats().separateFetches());
        h.cores.get(3).step(0, held.get(0)); // the relay comes late, the batch never
        h.cores.get(3).flush();
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
    }

    @Test
    void aPrimaryThatRelaysNothingAndHidesTheBatchIsWorkedAroundByTheClientsRetransmission() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        Request r = put(CLIENT, 1, "k", "v");
        h.drop = e -> e.from() == 0 && e.to() < 4
                && (e.message() instanceof Request || e.message() instanceof BatchData);
        h.sendOnly(0, CLIENT, r);
        h.deliverAll();
        h.tick(5);
        assertEquals(0, h.cores.get(1).lastExecuted(), "no backup holds the body, so none endorses it");
        h.broadcast(CLIENT, r); // the client's retransmission goes to every replica
        h.deliverAll();
        h.tick(40);
        assertExecutedEverywhere(h, 1);
    }

    private static Request get(int client, long timestamp, String key) {
        byte[] op = dev.pbft.protocol.kv.KvCodec.encode(new dev.pbft.protocol.kv.KvOp.Get(Bytes.utf8(key)));
        return new Request(client, timestamp, Bytes.wrap(op), false, Bytes.EMPTY);
    }

    private static boolean contains(Bytes haystack, Bytes needle) {
        return new String(haystack.toArray(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(new String(needle.toArray(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static void assertExecutedEverywhere(CoreHarness h, long seq) {
        for (ReplicaCore core : h.cores) {
            assertEquals(seq, core.lastExecuted());
        }
    }

    private static List<Message> record(CoreHarness h) {
        List<Message> sent = new ArrayList<>();
        h.alter = e -> {
            if (e.from() < 4 && e.to() < 4) {
                sent.add(e.message());
            }
            return e;
        };
        return sent;
    }

    private static long count(List<Message> sent, Class<?> type) {
        return sent.stream().filter(type::isInstance).count();
    }
}
