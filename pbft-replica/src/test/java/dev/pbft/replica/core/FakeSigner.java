package dev.pbft.replica.core;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.Bytes;
import java.nio.ByteBuffer;

/**
 * A deterministic stand-in for Ed25519 in core tests: a "signature" is SHA-256 over the signer's id
 * and the statement. Anyone could forge it, which is fine where no test plays a forger.
 */
final class FakeSigner implements CertificateSigner {
    private final int self;

    FakeSigner(int self) {
        this.self = self;
    }

    @Override
    public Bytes sign(byte[] statement) {
        return tag(self, statement);
    }

    @Override
    public boolean verify(int replica, byte[] statement, Bytes signature) {
        return tag(replica, statement).equals(signature);
    }

    private static Bytes tag(int replica, byte[] statement) {
        return Bytes.wrap(Digests.sha256(ByteBuffer.allocate(4 + statement.length).putInt(replica).put(statement).array()));
    }
}
