package dev.pbft.replica.runtime;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.RequestDigest;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.core.RequestVerifier;
import java.util.Arrays;

/**
 * Checks the entry of a request's client authenticator addressed to this replica: an HMAC under
 * the client-to-replica key over {@link RequestDigest}. The authenticator must hold exactly n MACs.
 * The one implementation of the rule: the runtime, the simulator and the benchmarks all use it.
 * Not thread-safe (it owns a keyring).
 */
public final class MacRequestVerifier implements RequestVerifier {
    private final int self;
    private final int n;
    private final MacKeyring keyring;

    /**
     * @param self    this replica's id
     * @param n       replicas in the group
     * @param keyring this replica's keys; used only by this verifier, on one thread
     */
    public MacRequestVerifier(int self, int n, MacKeyring keyring) {
        this.self = self;
        this.n = n;
        this.keyring = keyring;
    }

    @Override
    public boolean verify(Request r) {
        byte[] auth = r.clientAuth().backingArray();
        if (auth.length != n * WireLimits.MAC_BYTES) {
            return false;
        }
        int from = self * WireLimits.MAC_BYTES;
        byte[] mac = Arrays.copyOfRange(auth, from, from + WireLimits.MAC_BYTES);
        return keyring.verify(r.client(), r.digest().backingArray(), mac);
    }
}
