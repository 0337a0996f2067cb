package dev.pbft.client;

/**
 * A request did not produce a result: it timed out (the message says how many replies came and
 * how many matched), the client was closed, or the service refused the operation. Unchecked.
 */
public class PbftClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PbftClientException(String message) {
        super(message);
    }

    public PbftClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
