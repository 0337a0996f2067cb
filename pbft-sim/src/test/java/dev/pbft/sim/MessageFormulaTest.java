package dev.pbft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The O(n^2) claim, counted rather than stated: per committed batch, PBFT's normal case sends
 * n-1 PRE-PREPAREs, (n-1)^2 PREPAREs (every backup to every other replica), n(n-1) COMMITs and one
 * REPLY per request per replica (OSDI'99 section 4.2), and here n(n-1) ENDORSEMENTs: each replica
 * endorses the requests of the batch it received in one burst, to every other. Counts only; no timing.
 */
class MessageFormulaTest {

    @ParameterizedTest(name = "n={0}, batch={1}")
    @CsvSource({"4,1", "4,100", "7,1", "10,1", "13,1", "16,1", "16,100", "22,1", "31,1", "31,10"})
    void messagesPerBatchFollowTheFormula(int n, int batchSize) {
        AgreementCluster cluster = new AgreementCluster(n, batchSize, 64);
        int batches = 5; // fewer than the checkpoint interval (32): no CHECKPOINT traffic in the count
        for (int i = 0; i < batches; i++) {
            cluster.commit(cluster.nextRequests());
        }
        MessageCounts c = cluster.counts();
        assertEquals(batches, c.batches());
        assertEquals((n - 1) * batches, c.messages("PrePrepare"), "pre-prepare: n-1");
        assertEquals((long) (n - 1) * (n - 1) * batches, c.messages("Prepare"), "prepare: (n-1)^2");
        assertEquals((long) n * (n - 1) * batches, c.messages("Commit"), "commit: n(n-1)");
        assertEquals((long) n * batchSize * batches, c.messages("Reply"), "reply: one per request per replica");
        assertEquals((long) n * (n - 1) * batches, c.messages("Endorsement"), "endorsement: n(n-1)");
        long perBatch = (n - 1) + (long) (n - 1) * (n - 1) + 2L * n * (n - 1) + (long) n * batchSize;
        assertEquals(perBatch * batches, c.messagesTotal(), "nothing else is sent");
        assertEquals(c.messagesTotal(), c.macsComputed(), "one MAC per receiver of each message");
    }
}
