package dev.pbft.protocol.message;

import java.util.List;

/**
 * Proof that a batch prepared at (view, seq): the signed pre-prepare and 2f signed matching
 * prepares from distinct backups. Carried in VIEW-CHANGE; checked by whoever receives it.
 */
public record PreparedCertificate(PrePrepare prePrepare, List<Prepare> prepares) {
    public PreparedCertificate {
        prepares = List.copyOf(prepares);
    }
}
