package dev.pbft.client.core;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.Bytes;
import java.util.Arrays;

/**
 * Makes a request's client authenticator. Called on the thread that drives the {@link ClientCore}.
 */
@FunctionalInterface
public interface RequestAuthenticator {
    /**
     * @param requestDigest32 the request's {@code RequestDigest}, 32 bytes
     * @return n MACs of 32 bytes each, flat, the i-th for replica i
     */
    Bytes authenticate(byte[] requestDigest32);

    /**
     * The authenticator made with the client's pairwise keys towards replicas 0..n-1. The keyring
     * is not thread-safe: give this one a copy used only on the calling thread.
     */
    static RequestAuthenticator macs(MacKeyring keyring, int n) {
        int[] replicas = new int[n];
        Arrays.setAll(replicas, i -> i);
        return digest -> Bytes.wrap(keyring.authenticate(digest, replicas).macBytes());
    }
}
