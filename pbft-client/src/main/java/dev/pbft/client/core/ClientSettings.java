package dev.pbft.client.core;

/**
 * What a {@link ClientCore} needs to know, in logical ticks. All values are validated.
 *
 * @param self                  this client's principal, at least {@code n}
 * @param n                     number of replicas, at least 3f+1
 * @param f                     faulty replicas tolerated; a result needs f+1 matching replies
 * @param firstTimestamp        the first request's timestamp, non-negative; later ones count up
 * @param tickMillis            the length of a tick, only to phrase failure messages in ms
 * @param retransmitTicks       ticks without a result before the request is re-sent to all replicas
 * @param retransmitMaxTicks    the retransmission interval doubles up to this cap
 * @param timeoutTicks          ticks after which a request fails
 * @param outstandingMax        most requests in flight at once
 * @param sendToAll             a new request goes to every replica (they endorse it to each other,
 *                              {@code request.endorsements = 1}), not to the presumed primary alone
 * @param sendToAllBytesMin     without {@code sendToAll}, a new request with an operation of at least
 *                              this many bytes goes to every replica all the same, for the primary
 *                              orders it by digest and relays it to no one ({@code request.separate.bytes.min});
 *                              0 for none
 * @param readOnlyPath          the replicas take read-only requests ({@code request.read-only}), so
 *                              {@link ClientCore#submitReadOnly} sends them there
 */
public record ClientSettings(int self, int n, int f, long firstTimestamp, long tickMillis, long retransmitTicks,
                             long retransmitMaxTicks, long timeoutTicks, int outstandingMax, boolean sendToAll,
                             int sendToAllBytesMin, boolean readOnlyPath) {

    /** Settings of a client that sends each new request to every replica ({@code request.endorsements = 1}). */
    public ClientSettings(int self, int n, int f, long firstTimestamp, long tickMillis, long retransmitTicks,
                          long retransmitMaxTicks, long timeoutTicks, int outstandingMax) {
        this(self, n, f, firstTimestamp, tickMillis, retransmitTicks, retransmitMaxTicks, timeoutTicks, outstandingMax,
                true, 0, false);
    }

    public ClientSettings {
        require(f >= 0 && n >= 3 * f + 1, "need n >= 3f+1, got n=" + n + " f=" + f);
        require(self >= n, "client principal " + self + " must be >= n = " + n);
        require(firstTimestamp >= 0, "firstTimestamp must be >= 0, got " + firstTimestamp);
        require(tickMillis >= 1, "tickMillis must be >= 1, got " + tickMillis);
        require(retransmitTicks >= 1, "retransmitTicks must be >= 1, got " + retransmitTicks);
        require(retransmitMaxTicks >= retransmitTicks, "retransmitMaxTicks (" + retransmitMaxTicks
                + ") must be >= retransmitTicks (" + retransmitTicks + ")");
        require(timeoutTicks >= 1, "timeoutTicks must be >= 1, got " + timeoutTicks);
        require(outstandingMax >= 1, "outstandingMax must be >= 1, got " + outstandingMax);
        require(sendToAllBytesMin >= 0, "sendToAllBytesMin must be >= 0, got " + sendToAllBytesMin);
    }

    /** Ticks needed to cover {@code millis}, rounded up, at least 1. */
    public static long ticks(long millis, long tickMillis) {
        return Math.max(1, (millis + tickMillis - 1) / tickMillis);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
