package dev.pbft.protocol.message;

/**
 * A PBFT protocol message. Every message type is an immutable record; the set is closed so that
 * the codec and the replica core can handle each case exhaustively.
 *
 * <p>Principals are ints: replicas are 0..n-1 and clients n.. in the order the cluster config
 * gives them. A field naming the sending replica must equal the authenticated sender; the replica
 * core checks that, the codec cannot.
 */
public sealed interface Message
        permits Request, PrePrepare, Prepare, Commit, Reply, Checkpoint,
                ViewChange, NewView, Status, BatchFetch, BatchData, StateRequest, StateChunk, Endorsement, Attach,
                StatusQuery, StatusReport, DigestPrePrepare {
}
