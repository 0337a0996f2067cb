package dev.pbft.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a run of consecutive free loopback ports for a local group. */
final class FreePorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 50_000;

    private FreePorts() {
    }

    /** The first of {@code count} consecutive ports that could all be bound just now. */
    static int findRun(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOW, HIGH - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports found in " + LOW + ".." + HIGH);
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
