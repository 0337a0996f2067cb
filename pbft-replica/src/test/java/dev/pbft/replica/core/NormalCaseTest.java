package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Request;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The normal-case rules of PBFT (OSDI'99 section 4.2), one message at a time. */
class NormalCaseTest {

    @ParameterizedTest(name = "n={0}, f={1}")
    @CsvSource({"4,1", "5,1", "7,2", "10,3"})
    void section4_2_everyReplicaExecutesAndAnswersTheClient(int n, int f) {
        CoreHarness h = new CoreHarness(n, f);
        int client = n;
        h.submit(0, client, put(client, 1, "k", "v"));
        h.deliverAll();
        for (ReplicaCore core : h.cores) {
            assertEquals(1, core.lastExecuted());
        }
        assertEquals(n, h.replies(client, 1).size());
        assertEquals(1, h.replies(client, 1).stream().map(r -> r.result()).distinct().count());
    }

    @Test
    void section4_2_aBackupRefusesAPrePrepareWhoseDigestDoesNotMatchItsBatch() {
        CoreHarness h = new CoreHarness(4, 1);
        List<Request> batch = List.of(put(4, 1, "k", "v"));
        var forged = new PrePrepare(0, 1, Bytes.wrap(new byte[32]), batch);
        h.cores.get(1).step(0, forged);
        assertEquals(1, h.cores.get(1).stats().rejected("pre-prepare:bad-digest"));
        assertTrue(h.queue.isEmpty(), "no PREPARE for a bad pre-prepare");
    }

    @Test
    void section4_2_aPrePrepareFromABackupOrForAnotherViewIsRefused() {
        CoreHarness h = new CoreHarness(4, 1);
        List<Request> batch = List.of(put(4, 1, "k", "v"));
        h.cores.get(1).step(2, new PrePrepare(0, 1, BatchDigest.of(batch), batch));
        h.cores.get(1).step(0, new PrePrepare(5, 1, BatchDigest.of(batch), batch));
        assertEquals(1, h.cores.get(1).stats().rejected("pre-prepare:not-from-primary-of-view"));
        assertEquals(1, h.cores.get(1).stats().rejected("pre-prepare:future-view"));
    }

    @Test
    void section4_2_aSecondDigestForTheSameViewAndSequenceNumberIsRefused() {
        CoreHarness h = new CoreHarness(4, 1);
        List<Request> a = List.of(put(4, 1, "k", "a"));
        List<Request> b = List.of(put(4, 1, "k", "b"));
        h.cores.get(1).step(0, new PrePrepare(0, 1, BatchDigest.of(a), a));
        h.cores.get(1).step(0, new PrePrepare(0, 1, BatchDigest.of(b), b));
        assertEquals(1, h.cores.get(1).stats().rejected("pre-prepare:conflicting-digest"));
    }

    @Test
    void section4_2_aSequenceNumberOutsideTheWindowIsRefused() {
        CoreHarness h = new CoreHarness(4, 1, 2, 64, 8, RequestVerifier.ACCEPT_ALL);
        List<Request> batch = List.of(put(4, 1, "k", "v"));
        h.cores.get(1).step(0, new PrePrepare(0, 1_000, BatchDigest.of(batch), batch));
        assertEquals(1, h.cores.get(1).stats().rejected("pre-prepare:outside-window"));
    }

    @Test
    void section4_2_aPrePrepareCarryingARequestWithABadClientAuthenticatorIsRefused() {
        CoreHarness h = new CoreHarness(4, 1, 2, 64, 8, r -> r.timestamp() != 666);
        List<Request> batch = List.of(put(4, 1, "k", "v"), put(5, 666, "k", "invented"));
        h.cores.get(1).step(0, new PrePrepare(0, 1, BatchDigest.of(batch), batch));
        assertEquals(1, h.cores.get(1).stats().rejected("pre-prepare:" + BatchRules.UNCHECKED));
        assertTrue(h.queue.isEmpty(), "no PREPARE for it: it waits for f backups that could check it");
    }

    @Test
    void section4_2_preparedNeedsTwoFPreparesFromDistinctBackups() {
        CoreHarness h = new CoreHarness(7, 2);
        ReplicaCore backup = h.cores.get(1);
        List<Request> batch = List.of(put(7, 1, "k", "v"));
        Bytes d = BatchDigest.of(batch);
        backup.step(0, new PrePrepare(0, 1, d, batch));
        h.queue.clear();
        // Its own prepare counts; the same backup twice, and one claiming the primary, add one.
        backup.step(2, new Prepare(0, 1, d, 2));
        backup.step(2, new Prepare(0, 1, d, 2));
        backup.step(0, new Prepare(0, 1, d, 0));
        backup.step(3, new Prepare(0, 1, d, 4)); // names another sender
        assertTrue(h.queue.stream().noneMatch(e -> e.message() instanceof Commit), "2 of 2f=4: not prepared");
        backup.step(3, new Prepare(0, 1, d, 3));
        assertTrue(h.queue.stream().noneMatch(e -> e.message() instanceof Commit), "3 of 4: not prepared");
        backup.step(4, new Prepare(0, 1, d, 4));
        assertTrue(h.queue.stream().anyMatch(e -> e.message() instanceof Commit), "4 of 4: prepared");
    }

    @Test
    void section4_2_aPrepareWithAnotherDigestDoesNotCount() {
        CoreHarness h = new CoreHarness(4, 1);
        ReplicaCore backup = h.cores.get(1);
        List<Request> batch = List.of(put(4, 1, "k", "v"));
        Bytes d = BatchDigest.of(batch);
        backup.step(0, new PrePrepare(0, 1, d, batch));
        h.queue.clear();
        backup.step(2, new Prepare(0, 1, Bytes.wrap(new byte[32]), 2));
        assertTrue(h.queue.stream().noneMatch(e -> e.message() instanceof Commit), "a wrong digest proves nothing");
        backup.step(3, new Prepare(0, 1, d, 3));
        assertTrue(h.queue.stream().anyMatch(e -> e.message() instanceof Commit));
    }

    @Test
    void section4_3_executionWaitsForTwoFPlusOneCommitsAndGoesInSequenceOrder() {
        CoreHarness h = new CoreHarness(4, 1);
        ReplicaCore backup = h.cores.get(1);
        List<Request> b1 = List.of(put(4, 1, "k", "1"));
        List<Request> b2 = List.of(put(4, 2, "k", "2"));
        Bytes d1 = BatchDigest.of(b1);
        Bytes d2 = BatchDigest.of(b2);
        for (int seq = 2; seq >= 1; seq--) { // seq 2 completes first
            var batch = seq == 1 ? b1 : b2;
            var d = seq == 1 ? d1 : d2;
            backup.step(0, new PrePrepare(0, seq, d, batch));
            backup.step(2, new Prepare(0, seq, d, 2));
            backup.step(2, new Commit(0, seq, d, 2));
            assertEquals(0, backup.lastExecuted(), "own + 1 commit is not 2f+1");
            backup.step(3, new Commit(0, seq, d, 3));
            assertEquals(seq == 2 ? 0 : 2, backup.lastExecuted(), "seq 2 waits for seq 1");
        }
    }
}
