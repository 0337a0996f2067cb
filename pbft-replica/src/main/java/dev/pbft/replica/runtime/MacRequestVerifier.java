package dev.pbft.replica.runtime;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.RequestDigest;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.core.RequestVerifier;
import java.util.Arrays;

/**
 * Checks the entry of a request's client authenticator addressed to this replica: an HMAC under
 * the client-to-replica key over {@link RequestDigest}. Not thread-safe (it owns a keyring).
 */
final class MacRequestVerifier implements RequestVerifier {
    private final int self;
    private final int n;
    private final MacKeyring keyring;

    MacRequestVerifier(int self, int n, MacKeyring keyring) {
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
        return keyring.verify(r.client(), RequestDigest.of(r), mac);
    }
}
