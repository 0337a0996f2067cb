package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client timestamps and the reply cache (OSDI'99 section 4.1). */
class ExactlyOnceTest {

    @Test
    void section4_1_aRetransmittedRequestGetsTheCachedReplyAndIsNotExecutedAgain() {
        CoreHarness h = new CoreHarness(4, 1);
        Request r = put(4, 1, "k", "v");
        h.submit(0, 4, r);
        h.deliverAll();
        long executed = h.cores.get(2).stats().requestsExecuted();
        h.toClients.clear();
        for (ReplicaCore core : h.cores) {
            core.step(4, r);
        }
        h.deliverAll();
        assertEquals(executed, h.cores.get(2).stats().requestsExecuted());
        assertEquals(4, h.replies(4, 1).size(), "every replica resends its cached reply");
        assertEquals(1, h.cores.get(0).lastExecuted(), "nothing new was ordered");
    }

    @Test
    void aTimestampReusedForAnotherOperationGetsNeitherTheFirstResultNorAnExecution() {
        CoreHarness h = new CoreHarness(4, 1);
        h.submit(0, 4, put(4, 1, "k", "v"));
        h.deliverAll();
        h.toClients.clear();
        Request other = put(4, 1, "k", "w"); // same client and timestamp, another operation
        for (ReplicaCore core : h.cores) {
            core.step(4, other);
        }
        h.deliverAll();
        assertEquals(0, h.replies(4, 1).size(), "the first operation's result would answer another");
        for (ReplicaCore core : h.cores) {
            assertEquals(1, core.stats().rejected("request:timestamp-reused"));
            assertEquals(1, core.lastExecuted(), "nothing new was ordered");
        }
    }

    @Test
    void section4_4_aRequestGivenTwoSequenceNumbersInOneViewIsRefusedAndRunsOnce() {
        CoreHarness h = new CoreHarness(4, 1);
        ReplicaCore backup = h.cores.get(1);
        List<Request> batch = List.of(put(4, 1, "k", "v"));
        Bytes d = BatchDigest.of(batch);
        for (int seq = 1; seq <= 2; seq++) { // a faulty primary orders the same request twice
            backup.step(0, new PrePrepare(0, seq, d, batch));
            backup.step(2, new Prepare(0, seq, d, 2));
            backup.step(2, new Commit(0, seq, d, 2));
            backup.step(3, new Commit(0, seq, d, 3));
        }
        assertEquals(1, backup.lastExecuted(), "the second sequence number never prepares here");
        assertEquals(1, backup.stats().rejected("pre-prepare:request-ordered-twice"));
        assertEquals(1, backup.stats().requestsExecuted());
    }

    @Test
    void section4_1_aBackupRelaysAClientsRequestToThePrimary() {
        CoreHarness h = new CoreHarness(4, 1);
        h.submit(2, 4, put(4, 1, "k", "v"));
        h.deliverAll();
        for (ReplicaCore core : h.cores) {
            assertEquals(1, core.lastExecuted());
        }
    }

    @Test
    void aRequestNamingAnotherClientIsRefused() {
        CoreHarness h = new CoreHarness(4, 1);
        h.submit(0, 5, put(4, 1, "k", "v"));
        assertEquals(1, h.cores.get(0).stats().rejected("request:wrong-sender"));
    }

    @Test
    void section4_1_aRequestOrderedAgainAfterItsSlotWasCollectedRunsOnce() {
        // A faulty primary re-orders a request whose slot a stable checkpoint already collected:
        // nothing in the window names it any more, so only execution's exactly-once check stops it.
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        Request first = put(4, 1, "k", "v");
        h.submit(0, 4, first);
        h.deliverAll();
        for (int t = 2; t <= 8; t++) {
            h.submit(0, 4, put(4, t, "k" + t, "v"));
            h.deliverAll();
        }
        ReplicaCore backup = h.cores.get(1);
        assertEquals(8, backup.lowWaterMark());
        List<Request> again = List.of(first);
        Bytes d = BatchDigest.of(again);
        backup.step(0, new PrePrepare(0, 9, d, again));
        backup.step(2, new Prepare(0, 9, d, 2));
        backup.step(2, new Commit(0, 9, d, 2));
        backup.step(3, new Commit(0, 9, d, 3));
        assertEquals(9, backup.lastExecuted());
        assertEquals(8, backup.stats().requestsExecuted(), "the re-ordered request did not run again");
    }
}
