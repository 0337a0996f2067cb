package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The open endorsements' bookkeeping: bounded per client, and cheap when a replica is behind. */
class EndorsementsTest {
    private static final int CLIENT = 5;
    private static final int SHARE = 64;
    private static final Bytes DIGEST = Bytes.wrap(new byte[32]);

    private final Set<RequestId> executed = new HashSet<>();
    private final AtomicInteger doneChecks = new AtomicInteger();
    private final Endorsements endorsements = new Endorsements(4, 2, SHARE, id -> {
        doneChecks.incrementAndGet();
        return executed.contains(id);
    });

    private static RequestId id(long timestamp) {
        return new RequestId(CLIENT, timestamp);
    }

    @Test
    void aReplicaBehindScansAClientsFullShareOnceNotAtEveryEndorsementAboveIt() {
        for (long t = 1; t <= SHARE; t++) {
            assertTrue(endorsements.add(1, id(t), DIGEST));
        }
        doneChecks.set(0);
        for (long t = SHARE + 1; t <= SHARE + 1_000; t++) {
            assertFalse(endorsements.add(1, id(t), DIGEST), "over replica 1's share: refused");
        }
        // One scan of the share, then one look per new request; before, a scan of 64 per request.
        assertTrue(doneChecks.get() <= 1_000 + SHARE, doneChecks.get() + " checks");

        executed.add(id(1));
        endorsements.forget(id(1)); // one of the client's requests executed: room, and worth a look again
        assertTrue(endorsements.add(1, id(SHARE + 1), DIGEST));
        executed.add(id(2));
        executed.add(id(3));
        endorsements.purge(); // as after a state transfer, which executes nothing here
        assertTrue(endorsements.add(1, id(SHARE + 2), DIGEST));
        assertTrue(endorsements.add(1, id(SHARE + 3), DIGEST));
        assertFalse(endorsements.add(1, id(SHARE + 4), DIGEST));
    }

    @Test
    void aLateEndorsementOfAnExecutedRequestOpensNothing() {
        executed.add(id(7));
        assertTrue(endorsements.add(2, id(7), DIGEST));
        assertTrue(endorsements.add(3, id(7), DIGEST));
        assertFalse(endorsements.endorsed(id(7), DIGEST), "nothing recorded for it");
        for (long t = 8; t < 8 + SHARE; t++) {
            assertTrue(endorsements.add(2, id(t), DIGEST), "its share is whole");
        }
    }
}
