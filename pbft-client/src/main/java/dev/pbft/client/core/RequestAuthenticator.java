package dev.pbft.client.core;

import dev.pbft.protocol.Bytes;

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
}
