package dev.pbft.client;

/**
 * No f+1 matching replies came within {@code client.timeout.millis}. The outcome is unknown: the
 * request may still execute. The message says how many replies came, how many replicas the client
 * was connected to, and why it was not connected to the others.
 */
public class PbftTimeoutException extends PbftClientException {
    private static final long serialVersionUID = 1L;
    private final int connectedReplicas;

    public PbftTimeoutException(String message, int connectedReplicas) {
        super(message);
        this.connectedReplicas = connectedReplicas;
    }

    private PbftTimeoutException(PbftTimeoutException cause) {
        super(cause.getMessage(), cause);
        this.connectedReplicas = cause.connectedReplicas;
    }

    @Override
    PbftClientException rethrown() {
        return new PbftTimeoutException(this);
    }

    /** How many replicas the client had a connection to when the request timed out. */
    public int connectedReplicas() {
        return connectedReplicas;
    }
}
