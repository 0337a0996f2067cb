package dev.pbft.client;

import dev.pbft.config.ClientSpec;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.KeyFiles;
import dev.pbft.config.ReplicaSpec;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.NodePublicKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Loads a client's key pair and derives its MAC keys towards the replicas. */
final class ClientKeys {
    private ClientKeys() {
    }

    /** Reads the private key file the config names for {@code client}. */
    static NodeKeyPair load(ClientSpec client) {
        Path file = client.privateKeyFile().orElseThrow(() -> new PbftClientException("the config names no "
                + "private-key-file for client " + client.name() + "; give the key to the builder"));
        byte[] raw = null;
        try {
            raw = KeyFiles.readPrivate(file);
            return NodeKeyPair.fromPrivate(raw);
        } catch (IOException | IllegalArgumentException e) {
            throw new PbftClientException("cannot read the private key of client " + client.name() + ": "
                    + e.getMessage(), e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /**
     * Refuses a key pair that is not the one the config lists: the replicas would reject every
     * handshake, and the client would only ever see timeouts.
     */
    static void checkMatches(ClientSpec client, NodeKeyPair pair) {
        if (!Arrays.equals(client.publicKey(), pair.publicKeyBytes())) {
            throw new PbftClientException("the private key given for client " + client.name()
                    + " does not belong to the public key the config lists for it");
        }
    }

    /** Pairwise MAC keys towards every replica, bound to the config's fingerprint. */
    static MacKeyring keyring(ClusterConfig config, int self, NodeKeyPair pair) {
        Map<Integer, NodePublicKey> replicas = new HashMap<>();
        for (ReplicaSpec r : config.replicas()) {
            replicas.put(r.id(), NodePublicKey.fromBytes(r.publicKey()));
        }
        return MacKeyring.derive(self, pair, replicas, config.fingerprint());
    }
}
