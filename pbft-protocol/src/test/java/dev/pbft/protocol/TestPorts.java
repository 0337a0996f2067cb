package dev.pbft.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free loopback ports for tests. */
public final class TestPorts {
    private TestPorts() {
    }

    /**
     * {@code count} distinct ports free a moment ago. All are held open until each is chosen: bound
     * and closed one at a time, the kernel may hand the same port out twice.
     */
    public static int[] distinctFree(int count) {
        List<ServerSocket> open = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                open.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (ServerSocket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the port is free either way
                }
            }
        }
    }
}
