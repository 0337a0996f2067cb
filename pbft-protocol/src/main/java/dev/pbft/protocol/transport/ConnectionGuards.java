package dev.pbft.protocol.transport;

/**
 * Bounds on what a connection may cost a replica before and while it speaks. Anyone who can reach
 * the port can open connections; these keep such a peer from holding sockets or buffers for ever.
 *
 * @param helloTimeoutMillis           an accepted connection whose hello has not checked out by
 *                                     then is closed
 * @param unauthenticatedPerAddressMax accepted connections from one IP address still waiting for
 *                                     their hello; one more is closed at once
 * @param frameStallMillis             a connection that has sent part of a frame and then nothing
 *                                     for this long is closed
 * @param clientQueueMax               frames queued for one client that does not read them; further
 *                                     ones are dropped (it asks again)
 */
public record ConnectionGuards(long helloTimeoutMillis, int unauthenticatedPerAddressMax, long frameStallMillis,
                               int clientQueueMax) {
    /**
     * 5 s for a hello, 64 hello-less connections per address, 30 s for a frame's next bytes, 256
     * frames for a client (four times the default client.outstanding.max).
     */
    public static final ConnectionGuards DEFAULT = new ConnectionGuards(5_000, 64, 30_000, 256);

    public ConnectionGuards {
        if (helloTimeoutMillis < 1 || unauthenticatedPerAddressMax < 1 || frameStallMillis < 1 || clientQueueMax < 1) {
            throw new IllegalArgumentException("connection guards must be positive: " + helloTimeoutMillis + " ms, "
                    + unauthenticatedPerAddressMax + ", " + frameStallMillis + " ms, " + clientQueueMax);
        }
    }

    /** These guards with a client's queue bound of {@code frames}. */
    public ConnectionGuards withClientQueueMax(int frames) {
        return new ConnectionGuards(helloTimeoutMillis, unauthenticatedPerAddressMax, frameStallMillis, frames);
    }
}
