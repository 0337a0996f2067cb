package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;

/**
 * Signs this replica's statements that a third party must be able to check (its VIEW-CHANGEs, which
 * the new primary forwards inside NEW-VIEW) and checks other replicas' signatures. Called only on
 * the view-change path, never per request or per batch.
 *
 * <p>Implementations must be deterministic: the same statement gives the same signature (Ed25519
 * is), so a simulated run replays exactly.
 */
public interface CertificateSigner {
    /** This replica's signature over {@code statement}. */
    Bytes sign(byte[] statement);

    /** Whether {@code signature} is replica {@code replica}'s over {@code statement}; false for unknown replicas. */
    boolean verify(int replica, byte[] statement, Bytes signature);
}
