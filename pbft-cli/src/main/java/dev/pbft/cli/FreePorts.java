package dev.pbft.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a run of consecutive free loopback ports for a local group, outside the range the kernel
 * hands out to outgoing connections: a port free when checked could otherwise become the source
 * port of a replica's connection to another before that other binds it, and the replica would fail
 * to start with "address already in use".
 */
final class FreePorts {
    private static final int LOW = 10_000;
    /** Linux's default start of the ephemeral range, if the kernel does not say. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {
    }

    /** The first of {@code count} consecutive ports that could all be bound just now. */
    static int findRun(int count) {
        int high = Math.max(LOW + 2 * count, ephemeralLow(EPHEMERAL_RANGE));
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOW, high - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports found in " + LOW + ".." + high);
    }

    /** The first port of the kernel's ephemeral range, as {@code file} ("32768\t60999") gives it. */
    static int ephemeralLow(Path file) {
        try {
            // Not readString: it trusts the size /proc reports (0) and returns one character.
            String[] range = Files.readAllLines(file).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unknown) {
            return DEFAULT_EPHEMERAL_LOW; // not Linux, or not readable: assume its default
        }
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
