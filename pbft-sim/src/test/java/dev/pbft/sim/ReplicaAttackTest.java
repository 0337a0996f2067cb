package dev.pbft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.replica.core.CertificateSigner;
import dev.pbft.replica.core.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A simulator behaviour in a real replica: correct until armed, then the behaviour, delays counted in ticks. */
class ReplicaAttackTest {
    private final List<Message> sent = new ArrayList<>();
    private int multicasts;
    private final Outbox real = new Outbox() {
        @Override
        public void send(int to, Message message) {
            sent.add(message);
        }

        @Override
        public void multicast(int[] to, Message message) {
            multicasts++;
            for (int t : to) {
                sent.add(message);
            }
        }
    };
    private final CertificateSigner signer = new CertificateSigner() {
        @Override
        public Bytes sign(byte[] statement) {
            return Bytes.wrap(new byte[64]);
        }

        @Override
        public boolean verify(int replica, byte[] statement, Bytes signature) {
            return true;
        }
    };

    private static PrePrepare prePrepare() {
        return new PrePrepare(0, 1, BatchDigest.of(List.of()), List.of());
    }

    @Test
    void aSilentReplicaIsCorrectUntilArmedAndSendsNothingAfter() {
        AtomicBoolean armed = new AtomicBoolean();
        ReplicaAttack attack = new ReplicaAttack("silent", 0, 4, 64, 8, 2, 200, armed::get);
        Outbox out = attack.wrap(real, signer);
        out.send(1, new Prepare(0, 1, Bytes.wrap(new byte[32]), 0));
        assertEquals(1, sent.size(), "not armed: the real outbox");
        armed.set(true);
        for (int t = 0; t < 10; t++) {
            attack.tick();
        }
        out.send(1, new Prepare(0, 2, Bytes.wrap(new byte[32]), 0));
        assertEquals(1, sent.size(), "armed: silent");
    }

    @Test
    void aSlowPrimaryHoldsEachPrePrepareForJustUnderTheRequestTimeout() {
        ReplicaAttack attack = new ReplicaAttack("slow-primary", 0, 4, 64, 8, 2, 200, () -> true);
        Outbox out = attack.wrap(real, signer);
        for (int t = 0; t < 10; t++) {
            attack.tick(); // armed at the tenth tick
        }
        out.multicast(new int[] {1, 2, 3}, prePrepare());
        int ticks = 0;
        int firstAt = -1;
        while (sent.size() < 3 && ticks < 1_000) {
            attack.tick();
            ticks++;
            firstAt = firstAt < 0 && !sent.isEmpty() ? ticks : firstAt;
        }
        assertEquals(3, sent.size());
        assertTrue(firstAt >= 200 - 50 && ticks < 200, "held for " + firstAt + " to " + ticks + " ticks");
    }

    @Test
    void twinsAndUnknownNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReplicaAttack("twins", 0, 4, 64, 8, 2, 200, () -> true));
        assertThrows(IllegalArgumentException.class, () -> new ReplicaAttack("equivocate", 0, 4, 64, 8, 2, 200, () -> true));
        assertEquals(20, ReplicaAttack.names().size());
    }

    @Test
    void aMessageTheBehaviourLeavesAloneStillGoesOutAsOneMulticast() {
        ReplicaAttack attack = new ReplicaAttack("wrong-checkpoint", 0, 4, 64, 8, 2, 200, () -> true);
        Outbox out = attack.wrap(real, signer);
        for (int t = 0; t < 10; t++) {
            attack.tick();
        }
        out.multicast(new int[] {1, 2, 3}, new Prepare(0, 1, Bytes.wrap(new byte[32]), 0));
        assertEquals(1, multicasts, "a PREPARE is not the behaviour's business: one multicast, encoded once");
        out.multicast(new int[] {1, 2, 3}, new dev.pbft.protocol.message.Checkpoint(8, Bytes.wrap(new byte[32]), 0));
        assertEquals(1, multicasts, "an altered CHECKPOINT goes one by one");
        assertEquals(6, sent.size());
    }
}
