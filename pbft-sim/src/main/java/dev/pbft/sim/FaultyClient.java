package dev.pbft.sim;

import dev.pbft.client.core.RequestAuthenticator;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.RequestDigest;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Request;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A faulty client of DESIGN.md section 6 in the simulator: one extra principal, outside the
 * workload and the checkers, that sends every replica a fresh request each tick, none of which a
 * correct client would send. The same kinds run in real processes (bench's client attacks).
 */
public enum FaultyClient {
    /** An authenticator valid for replica 0 (the first primary) alone. */
    BIG_MAC,
    /** An authenticator valid for no replica. */
    BAD_MAC,
    /** Valid requests, ten a tick, far beyond its window of outstanding requests. */
    FLOOD;

    /** Sends this tick's requests of principal {@code self} through {@code send} (to every replica). */
    void tick(int self, int n, MacKeyring keyring, long[] timestamp, Consumer<Request> send) {
        RequestAuthenticator auth = RequestAuthenticator.macs(keyring, n);
        for (int i = 0; i < (this == FLOOD ? 10 : 1); i++) {
            long ts = ++timestamp[0];
            Bytes op = Bytes.utf8("faulty " + ts);
            byte[] macs = auth.authenticate(RequestDigest.of(self, ts, false, op)).toArray();
            if (this != FLOOD) {
                Arrays.fill(macs, this == BIG_MAC ? WireLimits.MAC_BYTES : 0, macs.length, (byte) 0);
            }
            send.accept(new Request(self, ts, op, false, Bytes.wrap(macs)));
        }
    }
}
