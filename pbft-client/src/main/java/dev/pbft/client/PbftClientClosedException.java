package dev.pbft.client;

/** The client was closed before the request produced a result; its outcome is unknown. */
public final class PbftClientClosedException extends PbftClientException {
    private static final long serialVersionUID = 1L;

    public PbftClientClosedException(String message) {
        super(message);
    }

    private PbftClientClosedException(PbftClientClosedException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    PbftClientException rethrown() {
        return new PbftClientClosedException(this);
    }
}
