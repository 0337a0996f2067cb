package dev.pbft.replica.runtime;

import dev.pbft.protocol.message.Message;
import dev.pbft.replica.core.CertificateSigner;
import dev.pbft.replica.core.Outbox;
import dev.pbft.replica.core.ReplicaCore;

/**
 * Test-only: stands between a replica's core and its network to make it a Byzantine replica in a
 * benchmark. Never installed in a deployment: only the replica command's {@code --test-only-byzantine}
 * option (which the bench command's {@code --attack} passes) sets one on the {@link Replica.Builder}.
 * Every method but {@link #admits} runs on the core's thread; {@code admits} runs on the IO thread
 * that read the message, which is the core's thread with the default single event loop.
 */
public interface Interposer {
    /** The outbox the core gets, wrapping the replica's real one; called once, before {@link #attach}. */
    Outbox wrap(Outbox real, CertificateSigner ownSigner);

    /** The core the outbox belongs to, once it exists. */
    void attach(ReplicaCore core);

    /** Whether the core gets to see {@code message} from {@code from} at all. */
    boolean admits(int from, Message message);

    /** After every tick of the core. */
    void tick();
}
