package dev.pbft.client;

/**
 * The request timed out while replicas refused this client's connection, so that fewer than f+1
 * could answer: they run another cluster config, or do not accept this client's key. Retrying
 * does not help until the configs or keys agree; the message names each refusing replica and why.
 * Unlike a {@link PbftTimeoutException}, this is a setup mistake, not a slow or faulty group.
 */
public final class PbftRefusedException extends PbftClientException {
    private static final long serialVersionUID = 1L;

    public PbftRefusedException(String message) {
        super(message);
    }

    private PbftRefusedException(PbftRefusedException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    PbftClientException rethrown() {
        return new PbftRefusedException(this);
    }
}
