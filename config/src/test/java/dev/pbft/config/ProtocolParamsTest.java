package dev.pbft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProtocolParamsTest {

    @Test
    void defaultsAreInRangeAndConsistent() {
        for (Parameter p : Parameter.values()) {
            assertTrue(p.inRange(p.defaultValue()), p.key());
            assertTrue(p.description().length() > 20 && !p.description().contains("\n"), p.key());
        }
        assertEquals(ProtocolParams.defaults(), ProtocolParams.builder().build());
    }

    @Test
    void builderSetsByKeyOrParameter() {
        ProtocolParams p = ProtocolParams.builder().set("checkpoint.interval", 16).set(Parameter.WINDOW_SIZE, 32).build();
        assertEquals(16, p.checkpointInterval());
        assertEquals(32, p.windowSize());
        assertNotEquals(ProtocolParams.defaults(), p);
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void builderRefusesOutOfRangeUnknownAndInconsistentValues() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> ProtocolParams.builder().set("batch.requests.max", 0));
        assertEquals("batch.requests.max: 0 is out of range; expected an integer from 1 to 65536", range.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ProtocolParams.builder().set("chekpoint.interval", 1));
        assertTrue(unknown.getMessage().contains("did you mean 'checkpoint.interval'?"), unknown.getMessage());
        IllegalArgumentException cross = assertThrows(IllegalArgumentException.class,
                () -> ProtocolParams.builder().set("window.size", 64).build());
        assertTrue(cross.getMessage().contains("expected window.size >= checkpoint.interval"), cross.getMessage());
    }

    @Test
    void readmeParameterTableMatchesTheEnum() throws Exception {
        // The README is written from Parameter.markdownTable(); this keeps the two from drifting.
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(Parameter.markdownTable()),
                "config/README.md is out of date; paste Parameter.markdownTable():\n" + Parameter.markdownTable());
    }

    @Test
    void editDistanceCountsAdjacentSwapsAsOne() {
        assertEquals(1, KeyNames.distance("chekpoint", "checkpoint"));
        assertEquals(1, KeyNames.distance("public-kye", "public-key"));
        assertEquals(0, KeyNames.distance("f", "f"));
    }

    @Test
    void aClientMustRetransmitBeforeItGivesUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtocolParams.builder()
                .set("client.retransmit.millis", 5000).set("client.timeout.millis", 5000).build());
        assertTrue(e.getMessage().contains("expected client.retransmit.millis < client.timeout.millis"), e.getMessage());
    }
}
