package dev.pbft.client.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.message.Request;
import org.junit.jupiter.api.Test;

/**
 * A client of replicas that relay requests ({@code request.relay = 1}) and answer through designated
 * replicas ({@code reply.designated = 1}): to the primary alone, answered by f+1, unless one let it down.
 */
class ClientCoreRelayTest {
    private static final long RETRANSMIT_TICKS = 50;

    private final CoreHarness h = new CoreHarness(1, RETRANSMIT_TICKS, 400, 5000, 8, false);

    @Test
    void aNewRequestGoesToThePrimaryAloneAndAsksOnlyTheDesignatedReplicasToAnswer() {
        h.submit("a");
        assertArrayEquals(new int[] {0}, h.lastSent().replicas());
        assertFalse(h.lastSent().request().replyAll());
    }

    @Test
    void afterARetransmissionNewRequestsGoToEveryReplicaForAWhileThenToThePrimaryAgain() {
        long first = h.submit("a");
        h.tick(RETRANSMIT_TICKS); // the primary relayed nothing: the request went to all again
        assertEquals(1, h.sent.stream().filter(s -> s.request().timestamp() == first && s.toAll(h.n)).count());
        completeAll(first);

        long second = h.submit("b");
        assertTrue(h.lastSent().toAll(h.n), "a primary that failed one request is not trusted to relay the next");
        Request distrusting = h.lastSent().request();
        assertTrue(distrusting.replyAll(), "nor a designated replica to answer it");
        assertEquals(CoreHarness.fakeMacs(distrusting.digest().toArray()), distrusting.clientAuth(),
                "the client's MACs cover the flag");
        completeAll(second);

        h.tick(ClientCore.DISTRUST_RETRANSMIT_PERIODS * RETRANSMIT_TICKS - 1); // from the retransmission
        h.submit("c");
        assertTrue(h.lastSent().toAll(h.n), "still within the distrust");
        completeAll(second + 1);
        h.tick(1);
        h.submit("d");
        assertArrayEquals(new int[] {0}, h.lastSent().replicas(), "the distrust lasts a bounded time");
        assertFalse(h.lastSent().request().replyAll());
    }

    private void completeAll(long timestamp) {
        for (int r = 0; r <= h.f; r++) {
            h.reply(r, timestamp, "ok");
        }
        assertTrue(h.completed.containsKey(timestamp));
    }
}
