package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestIntakeTest {
    private static Request request(int client, long timestamp, int bytes) {
        return new Request(client, timestamp, Bytes.wrap(new byte[bytes]), false, Bytes.EMPTY);
    }

    @Test
    void aClientWithAFullWindowGetsItsShareOfABatchAndTheRestWaitsInOrder() {
        RequestIntake intake = new RequestIntake(64);
        for (long t = 1; t <= 64; t++) {
            intake.enqueue(request(4, t, 0));
        }
        intake.enqueue(request(5, 1, 0));
        intake.enqueue(request(6, 1, 0));
        List<Request> batch = intake.cutBatch(16, 1 << 20, r -> false);
        assertEquals(7, batch.size(), "16 / 3 clients: 5 of the flooder's, and one of each other's");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), batch.stream().filter(r -> r.client() == 4).map(Request::timestamp).toList());
        assertTrue(batch.stream().anyMatch(r -> r.client() == 5) && batch.stream().anyMatch(r -> r.client() == 6));
        assertEquals(6L, intake.cutBatch(16, 1 << 20, r -> false).get(0).timestamp(), "its next, in order");
    }

    @Test
    void aClientOfLargeRequestsGetsItsShareOfTheBatchBytes() {
        RequestIntake intake = new RequestIntake(64);
        for (long t = 1; t <= 8; t++) {
            intake.enqueue(request(4, t, 64 * 1024));
        }
        intake.enqueue(request(5, 1, 10));
        List<Request> batch = intake.cutBatch(16, 256 * 1024, r -> false);
        assertEquals(List.of(4, 4, 5), batch.stream().map(Request::client).toList(), "128 KiB each");
    }

    @Test
    void aFullWindowMakesRoomForAnOlderRequestOrAnEndorsedOneButNotForAnotherNewerOne() {
        RequestIntake intake = new RequestIntake(2);
        assertTrue(intake.know(request(4, 5, 0), 0, true, r -> false));
        assertTrue(intake.know(request(4, 6, 0), 0, true, r -> false));
        assertFalse(intake.know(request(4, 7, 0), 0, true, r -> false), "newer than both");
        assertTrue(intake.know(request(4, 3, 0), 0, true, r -> false), "older: 6 gives way");
        assertFalse(intake.knows(new RequestId(4, 6)));
        intake.time(new RequestId(4, 5), 0);
        assertTrue(intake.know(request(4, 1, 0), 0, true, r -> false), "older: 3 gives way, 5 is timed");
        assertFalse(intake.knows(new RequestId(4, 3)));
        assertTrue(intake.know(request(4, 9, 0), 0, true, r -> true), "endorsed: the untimed 1 gives way");
        intake.time(new RequestId(4, 9), 0);
        assertTrue(intake.knows(new RequestId(4, 5)) && intake.knows(new RequestId(4, 9)));
        assertFalse(intake.know(request(4, 10, 0), 0, true, r -> true), "both timed: no room, endorsed or not");
    }

    @Test
    void aClientThePrimaryServesAShareAtATimeHoldsNoPaceTimerButOneItLeavesOutDoes() {
        RequestIntake intake = new RequestIntake(64);
        for (long t = 1; t <= 8; t++) {
            intake.know(request(4, t, 0), 0, true, r -> false);
            intake.time(new RequestId(4, t), 0);
        }
        intake.know(request(5, 1, 0), 5, true, r -> false);
        intake.time(new RequestId(5, 1), 5);
        assertEquals(0, intake.oldestUnproposedSince(), "client 4 has waited since tick 0");

        intake.proposed(new RequestId(4, 1), 10);
        assertEquals(5, intake.oldestUnproposedSince(), "client 4 was served at 10; client 5 waits since 5");
        intake.proposed(new RequestId(5, 1), 12);
        assertEquals(10, intake.oldestUnproposedSince(), "client 4's others wait, but it was served at 10");
    }

    @Test
    void aPrePreparesCopyOfAHeldRequestBecomesTheHeldInstanceOnlyIfIdenticalAuthenticatorIncluded() {
        RequestIntake intake = new RequestIntake(8);
        Bytes op = Bytes.wrap(new byte[1024]);
        Request held = new Request(4, 1, op, false, Bytes.wrap(new byte[] {1, 2}));
        assertTrue(intake.know(held, 0, true, r -> false));
        Bytes heldDigest = held.digest();

        Request copy = new Request(4, 1, Bytes.wrap(new byte[1024]), false, Bytes.wrap(new byte[] {1, 2}));
        Request otherAuth = new Request(4, 1, op, false, Bytes.wrap(new byte[] {1, 3}));
        Request unknown = request(5, 1, 16);
        List<Request> batch = List.of(copy, unknown);
        List<Request> interned = intake.interned(batch);
        assertSame(held, interned.get(0), "its digest is known already: no second pass over the operation");
        assertSame(heldDigest, interned.get(0).digest());
        assertSame(unknown, interned.get(1));
        List<Request> none = List.of(unknown);
        assertSame(none, intake.interned(none), "nothing held: the same list");
        assertSame(otherAuth, intake.interned(List.of(otherAuth)).get(0),
                "another authenticator is checked on its own, not taken for the held request");
    }
}
