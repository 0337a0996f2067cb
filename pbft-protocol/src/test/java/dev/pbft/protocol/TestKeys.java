package dev.pbft.protocol;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.NodePublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Deterministic key pairs for {@code principals} principals and the keyrings derived from them. */
public final class TestKeys {
    public static final byte[] CONTEXT = new byte[32];

    private final List<NodeKeyPair> pairs = new ArrayList<>();

    public TestKeys(int principals, long seed) {
        SecureRandom random = seeded(seed);
        for (int i = 0; i < principals; i++) {
            pairs.add(NodeKeyPair.generate(random));
        }
    }

    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public NodeKeyPair pair(int principal) {
        return pairs.get(principal);
    }

    public Map<Integer, NodePublicKey> publicKeys() {
        Map<Integer, NodePublicKey> keys = new HashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            keys.put(i, pairs.get(i).publicKey());
        }
        return keys;
    }

    /** The keyring principal {@code self} derives from its own pair and everyone's public key. */
    public MacKeyring keyring(int self) {
        return MacKeyring.derive(self, pairs.get(self), publicKeys(), CONTEXT);
    }
}
