package dev.pbft.replica.runtime;

import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.NodePublicKey;
import dev.pbft.crypto.Signer;
import dev.pbft.crypto.Verifier;
import dev.pbft.protocol.Bytes;
import dev.pbft.replica.core.CertificateSigner;
import java.util.Map;

/** {@link CertificateSigner} with the Ed25519 halves of the replicas' node keys from the config. */
public final class Ed25519CertificateSigner implements CertificateSigner {
    private final Signer signer;
    private final Verifier[] replicas;

    /**
     * @param own      this replica's key pair
     * @param n        replicas in the group
     * @param keys     public keys by principal; replicas 0..n-1 must be present
     */
    public Ed25519CertificateSigner(NodeKeyPair own, int n, Map<Integer, NodePublicKey> keys) {
        this.signer = Signer.of(own);
        this.replicas = new Verifier[n];
        for (int r = 0; r < n; r++) {
            NodePublicKey key = keys.get(r);
            if (key == null) {
                throw new IllegalArgumentException("no public key for replica " + r);
            }
            replicas[r] = Verifier.of(key);
        }
    }

    @Override
    public Bytes sign(byte[] statement) {
        return Bytes.wrap(signer.sign(statement));
    }

    @Override
    public boolean verify(int replica, byte[] statement, Bytes signature) {
        return replica >= 0 && replica < replicas.length
                && replicas[replica].verify(statement, signature.toArray());
    }
}
