package dev.pbft.protocol.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepted connections still waiting for their hello, counted per remote address, so that one host
 * opening connections and never authenticating cannot use up a replica's sockets: above the bound a
 * new one from that address is refused, while every other address still gets in. Thread-safe.
 */
final class PendingHellos {
    private final int perAddressMax;
    private final ConcurrentHashMap<InetAddress, Integer> pending = new ConcurrentHashMap<>();

    PendingHellos(int perAddressMax) {
        this.perAddressMax = perAddressMax;
    }

    /** Counts one more connection from {@code address}; false, counting nothing, if over the bound. */
    boolean admit(InetAddress address) {
        boolean[] admitted = new boolean[1];
        pending.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < perAddressMax;
            return admitted[0] ? now + 1 : now;
        });
        return admitted[0];
    }

    /** One admitted connection from {@code address} said hello or closed. */
    void release(InetAddress address) {
        pending.computeIfPresent(address, (a, count) -> count > 1 ? count - 1 : null);
    }

    int pending(InetAddress address) {
        return pending.getOrDefault(address, 0);
    }
}
