package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {
    @TempDir
    Path dir;

    @Test
    void aRunLiesBelowThePortsTheKernelGivesToOutgoingConnections() {
        int low = FreePorts.ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        for (int i = 0; i < 20; i++) {
            int base = FreePorts.findRun(7);
            assertTrue(base >= 10_000 && base + 7 <= low, base + ".." + (base + 6) + " overlaps the ephemeral range from " + low);
        }
    }

    @Test
    void theEphemeralRangeIsReadFromTheKernelOrAssumedToBeLinuxsDefault() throws Exception {
        Path file = dir.resolve("range");
        Files.writeString(file, "40000\t60999\n");
        assertEquals(40_000, FreePorts.ephemeralLow(file));
        assertEquals(32_768, FreePorts.ephemeralLow(dir.resolve("missing")));
        Files.writeString(file, "garbage");
        assertEquals(32_768, FreePorts.ephemeralLow(file));
    }
}
