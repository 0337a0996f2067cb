package dev.pbft.sim;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.replica.core.CertificateSigner;
import dev.pbft.replica.runtime.Ed25519CertificateSigner;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.NodePublicKey;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** Key pairs that depend only on a seed, so a simulated run is the same every time. */
final class SimKeys {
    static final byte[] CONTEXT = new byte[32];
    private final NodeKeyPair[] pairs;
    private final Map<Integer, NodePublicKey> publicKeys = new HashMap<>();

    SimKeys(int principals, long seed) {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        random.setSeed(seed);
        pairs = new NodeKeyPair[principals];
        for (int i = 0; i < principals; i++) {
            pairs[i] = NodeKeyPair.generate(random);
            publicKeys.put(i, pairs[i].publicKey());
        }
    }

    /** Replica {@code self}'s Ed25519 signer for VIEW-CHANGEs, knowing replicas 0..n-1. */
    CertificateSigner signer(int self, int n) {
        return new Ed25519CertificateSigner(pairs[self], n, publicKeys);
    }

    MacKeyring keyring(int self) {
        return MacKeyring.derive(self, pairs[self], publicKeys, CONTEXT);
    }
}
