package dev.pbft.protocol.transport;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * An endpoint could not listen on its address: the port is taken, the host has no such address, or
 * the port needs privileges. {@link #getMessage()} names the address and the reason in one line,
 * for instance "cannot listen on 127.0.0.1:7000: address already in use".
 */
public final class ListenException extends RuntimeException {
    private final transient InetSocketAddress address;

    public ListenException(InetSocketAddress address, Throwable cause) {
        super("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + reason(cause), cause);
        this.address = address;
    }

    /** The address that could not be bound. */
    public InetSocketAddress address() {
        return address;
    }

    /** The operating system's reason in a few words; its own text when it is none of the usual ones. */
    static String reason(Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("already in use")) {
            return "address already in use";
        }
        if (lower.contains("cannot assign requested address")) {
            return "no network interface of this host has that address";
        }
        if (lower.contains("permission denied") || lower.contains("access denied")) {
            return "permission denied (ports below 1024 need privileges)";
        }
        return text;
    }
}
