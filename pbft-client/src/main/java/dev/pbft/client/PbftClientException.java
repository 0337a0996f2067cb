package dev.pbft.client;

/**
 * A request did not produce a result. Unchecked. The subclasses tell the causes apart:
 * {@link PbftTimeoutException} (no f+1 matching replies in time: retry, or look at the group),
 * {@link PbftRefusedException} (replicas refuse this client's key or config: a setup mistake) and
 * {@link PbftClientClosedException}; this class itself covers an interrupted wait and a client
 * that could not start.
 */
public class PbftClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PbftClientException(String message) {
        super(message);
    }

    public PbftClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure thrown again in the waiting caller's thread, with this one as its cause. */
    PbftClientException rethrown() {
        return new PbftClientException(getMessage(), this);
    }
}
