package dev.pbft.config;

import static dev.pbft.config.Fixture.inlineKey;
import static dev.pbft.config.Fixture.lineOf;
import static dev.pbft.config.Fixture.validLines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Refusals of the replica set: n >= 3f+1, ids 0..n-1, distinct valid addresses, one public key each. */
class ReplicaRefusalTest {

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    private static List<String> withoutReplica(List<String> lines, int id) {
        lines.removeIf(l -> l.startsWith("replica." + id + " ") || l.startsWith("replica." + id + "."));
        return lines;
    }

    @Test
    void fewerThan3fPlus1ReplicasPointsAtF() {
        List<String> lines = withoutReplica(validLines(), 3);
        fx.assertError(fx.refuse(lines), lineOf(lines, "f ="), "f",
                "4 replicas are needed for f=1 (n >= 3f+1), found 3", "expected at least 4 replica.<id>");
    }

    @Test
    void noReplicasAtAllWithFZero() {
        ConfigException e = fx.refuse(List.of("f = 0"));
        fx.assertError(e, 1, "f", "1 replica is needed for f=0 (n >= 3f+1), found 0");
    }

    @Test
    void duplicateReplicaIdWrittenWithLeadingZero() {
        List<String> lines = validLines();
        lines.add("replica.01 = 127.0.0.1:7100");
        fx.assertError(fx.refuse(lines), lines.size(), "replica.01",
                "replica id 1 is defined twice (replica.1 on line " + lineOf(lines, "replica.1 ") + " and replica.01 on line "
                        + lines.size() + ")", "expected each replica id once");
    }

    @Test
    void duplicateAddress() {
        List<String> lines = validLines();
        int line = lineOf(lines, "replica.2 ");
        lines.set(line - 1, "replica.2 = 127.0.0.1:7000");
        fx.assertError(fx.refuse(lines), line, "replica.2",
                "duplicate address: 127.0.0.1:7000 is also used by replica.0 (line 3)", "expected a distinct HOST:PORT");
    }

    @Test
    void duplicateAddressIsFoundAcrossSpellingsOfOneIpv6Address() {
        List<String> lines = validLines();
        lines.set(lineOf(lines, "replica.0 ") - 1, "replica.0 = [::1]:7000");
        int line = lineOf(lines, "replica.1 ");
        lines.set(line - 1, "replica.1 = [0:0:0:0:0:0:0:1]:7000");
        fx.assertError(fx.refuse(lines), line, "replica.1", "duplicate address");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1|has no port",
        "127.0.0.1:|the port is missing",
        "127.0.0.1:http|port 'http' is not a number",
        "::1:7000|looks like an IPv6 address without brackets",
        "[::1:7000|has no closing ']'",
        "[::g]:7000|is not a valid IPv6 address",
        "256.1.1.1:7000|is not a valid IPv4 address",
        "bad_host:7000|is not a valid host name",
        ":7000|has no host",
    })
    void unparsableHostPort(String value, String problem) {
        List<String> lines = validLines();
        int line = lineOf(lines, "replica.1 ");
        lines.set(line - 1, "replica.1 = " + value);
        fx.assertError(fx.refuse(lines), line, "replica.1", problem, "expected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "99999999999"})
    void portOutOfRange(String port) {
        List<String> lines = validLines();
        int line = lineOf(lines, "replica.3 ");
        lines.set(line - 1, "replica.3 = node3.example.org:" + port);
        fx.assertError(fx.refuse(lines), line, "replica.3",
                "port " + port + " is out of range; expected a port from 1 to 65535");
    }

    @Test
    void replicaIdsWithAGap() {
        List<String> lines = withoutReplica(validLines(), 2);
        lines.add("replica.4 = 127.0.0.1:7004");
        lines.add("replica.4.public-key = " + inlineKey(4));
        fx.assertError(fx.refuse(lines), lineOf(lines, "replica.4 "), "replica.4",
                "replica ids must be 0 to 3 for 4 replicas but replica.2 is missing", "expected ids 0 to 3 with no gaps");
    }

    @Test
    void replicaIdThatIsNotANumber() {
        List<String> lines = validLines();
        lines.add("replica.x = 127.0.0.1:7009");
        fx.assertError(fx.refuse(lines), lines.size(), "replica.x",
                "replica id 'x' is not a non-negative integer", "expected replica.<id>");
    }

    @Test
    void replicaKeyWithoutAddress() {
        List<String> lines = validLines();
        lines.add("replica.7.public-key = " + inlineKey(7));
        fx.assertError(fx.refuse(lines), lines.size(), "replica.7.public-key",
                "replica 7 has no address; expected replica.7 = HOST:PORT");
    }

    @Test
    void replicaWithoutPublicKey() {
        List<String> lines = validLines();
        lines.removeIf(l -> l.startsWith("replica.2.public-key"));
        fx.assertError(fx.refuse(lines), lineOf(lines, "replica.2 "), "replica.2",
                "replica.2 has no public key; expected replica.2.public-key = BASE64 or replica.2.public-key-file = PATH");
    }

    @Test
    void replicaWithBothInlineKeyAndKeyFile() {
        fx.publicKeyFile("keys/replica-1.pub", 1);
        List<String> lines = validLines();
        lines.add("replica.1.public-key-file = keys/replica-1.pub");
        fx.assertError(fx.refuse(lines), lines.size(), "replica.1.public-key-file",
                "both replica.1.public-key (line " + lineOf(lines, "replica.1.public-key =") + ") and replica.1.public-key-file",
                "expected exactly one of them");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AAAA|decodes to 3 bytes; expected standard base64 encoding 64 bytes",
        "not base64!|is not valid base64",
    })
    void inlinePublicKeyThatIsNotA64ByteKey(String value, String problem) {
        List<String> lines = validLines();
        int line = lineOf(lines, "replica.0.public-key");
        lines.set(line - 1, "replica.0.public-key = " + value);
        fx.assertError(fx.refuse(lines), line, "replica.0.public-key", "value " + problem);
    }

    @Test
    void ipv6AndHostNamesAreAccepted() {
        List<String> lines = validLines();
        lines.set(lineOf(lines, "replica.0 ") - 1, "replica.0 = [fe80::1:2]:7000");
        lines.set(lineOf(lines, "replica.1 ") - 1, "replica.1 = Node-1.example.org:7001");
        lines.set(lineOf(lines, "replica.2 ") - 1, "replica.2 = [::ffff:10.0.0.1]:7002");
        ClusterConfig config = fx.load(lines);
        assertEquals("fe80::1:2", config.replica(0).host());
        assertEquals("[fe80::1:2]:7000", config.replica(0).address());
        assertEquals("Node-1.example.org", config.replica(1).host());
        assertEquals(7002, config.replica(2).socketAddress().getPort());
    }
}
