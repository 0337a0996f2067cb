package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pbft.protocol.message.StatusQuery;
import dev.pbft.protocol.message.StatusReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status queries: answered with where the replica stands, to the asking client alone, not too often. */
class StatusDeskTest {
    private static final int CLIENT = 4;

    private static List<StatusReport> reports(CoreHarness h) {
        return h.toClients.stream().filter(e -> e.message() instanceof StatusReport)
                .map(e -> (StatusReport) e.message()).toList();
    }

    @Test
    void aReportSaysWhereTheReplicaStandsAfterExecutionAndACheckpoint() {
        CoreHarness h = new CoreHarness(4, 1);
        for (long t = 1; t <= 8; t++) { // the checkpoint interval is 8
            h.submit(0, CLIENT, CoreHarness.put(CLIENT, t, "k" + t, "v"));
            h.deliverAll();
        }
        for (int r = 0; r < 4; r++) {
            h.cores.get(r).peersConnected(3);
            h.cores.get(r).step(CLIENT, new StatusQuery(CLIENT, 40 + r));
        }
        List<StatusReport> reports = reports(h);
        assertEquals(4, reports.size());
        for (int r = 0; r < 4; r++) {
            StatusReport s = reports.get(r);
            assertEquals(List.of(CLIENT, 40L + r, r, 0L, true, 0, 8L, 8L, 3),
                    List.of(s.client(), s.nonce(), s.replica(), s.view(), s.viewActive(), s.primary(), s.lastExecuted(),
                            s.stableSeq(), s.peersConnected()));
            assertEquals(reports.get(0).stableDigest(), s.stableDigest(), "one state at checkpoint 8");
        }
    }

    @Test
    void aClientIsAnsweredAtMostOncePerGap() {
        CoreHarness h = new CoreHarness(4, 1);
        ReplicaCore replica = h.cores.get(1);
        replica.step(CLIENT, new StatusQuery(CLIENT, 1));
        replica.step(CLIENT, new StatusQuery(CLIENT, 2));
        replica.step(CLIENT + 1, new StatusQuery(CLIENT + 1, 3)); // another client has its own gap
        assertEquals(List.of(1L, 3L), reports(h).stream().map(StatusReport::nonce).toList());
        assertEquals(1, replica.stats().rejected("status-query:too-often"));
        h.tick((int) StatusDesk.GAP_TICKS);
        replica.step(CLIENT, new StatusQuery(CLIENT, 4));
        assertEquals(List.of(1L, 3L, 4L), reports(h).stream().map(StatusReport::nonce).toList());
    }

    @Test
    void onlyAClientAsksAndOnlyForItself() {
        CoreHarness h = new CoreHarness(4, 1);
        ReplicaCore replica = h.cores.get(1);
        replica.step(2, new StatusQuery(2, 1)); // a replica
        replica.step(CLIENT, new StatusQuery(CLIENT + 1, 2)); // in another client's name
        assertEquals(List.of(), reports(h));
        assertEquals(2, replica.stats().rejected("status-query:wrong-sender"));
    }
}
