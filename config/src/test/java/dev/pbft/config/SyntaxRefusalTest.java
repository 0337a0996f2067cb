package dev.pbft.config;

import static dev.pbft.config.Fixture.lineOf;
import static dev.pbft.config.Fixture.validLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Refusals of the file's syntax, the f line and protocol parameters. */
class SyntaxRefusalTest {

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    @Test
    void missingFIsReportedWithoutALine() {
        List<String> lines = validLines();
        lines.remove("f = 1");
        ConfigException e = fx.refuse(lines);
        fx.assertError(e, 0, "f", "missing", "expected f = ");
        assertTrue(e.getMessage().startsWith(dir.resolve("cluster.conf") + ": f: missing; expected"));
    }

    @Test
    void lineWithoutEqualsSign() {
        List<String> lines = validLines();
        lines.add("replica.4 127.0.0.1:7004");
        fx.assertError(fx.refuse(lines), lines.size(), "replica.4 127.0.0.1:7004",
                "line has no '='", "expected KEY = VALUE");
    }

    @Test
    void duplicateKeyNamesBothLines() {
        List<String> lines = validLines();
        lines.add("checkpoint.interval = 64");
        lines.add("checkpoint.interval = 32");
        fx.assertError(fx.refuse(lines), lines.size(), "checkpoint.interval",
                "key appears on lines " + (lines.size() - 1) + " and " + lines.size(), "expected each key once");
    }

    @ParameterizedTest
    @CsvSource({
        "replica.0.publc-key, replica.0.public-key",
        "chekpoint.interval, checkpoint.interval",
        "replica.2.private-key-fil, replica.2.private-key-file",
        "client.alice.public-kye, client.alice.public-key",
        "client.timeout.milis, client.timeout.millis",
        "clientsdir, clients.dir",
    })
    void unknownKeySuggestsNearestKnownKey(String typo, String suggestion) {
        List<String> lines = validLines();
        lines.add(typo + " = 1");
        fx.assertError(fx.refuse(lines), lines.size(), typo, "unknown key; did you mean '" + suggestion + "'?");
    }

    @Test
    void unknownKeyFarFromAnyKnownKeyGetsAHint() {
        List<String> lines = validLines();
        lines.add("colour = blue");
        fx.assertError(fx.refuse(lines), lines.size(), "colour", "unknown key; expected one of f, replica.<id>");
    }

    @ParameterizedTest
    @CsvSource({
        "batch.requests.max, 0, 1, 65536",
        "batch.requests.max, 65537, 1, 65536",
        "checkpoint.interval, -5, 1, 1000000",
        "frame.bytes.max, 99999999999999999999, 4096, 268435456",
    })
    void numberOutOfRange(String key, String value, String min, String max) {
        List<String> lines = validLines();
        lines.add(key + " = " + value);
        fx.assertError(fx.refuse(lines), lines.size(), key,
                value + " is out of range; expected an integer from " + min + " to " + max);
    }

    @Test
    void fOutOfRange() {
        List<String> lines = validLines();
        lines.set(lineOf(lines, "f =") - 1, "f = 34");
        fx.assertError(fx.refuse(lines), 2, "f", "34 is out of range; expected an integer from 0 to 33");
    }

    @ParameterizedTest
    @CsvSource({"timeout.request.millis, 2s", "window.size, 1.5", "f, one", "outbound.queue.max, 0x10"})
    void nonIntegerNumber(String key, String value) {
        List<String> lines = validLines();
        lines.removeIf(l -> l.startsWith("f ="));
        lines.add(1, key + " = " + value);
        fx.assertError(fx.refuse(lines), 2, key, "'" + value + "' is not an integer; expected an integer from");
    }

    @Test
    void emptyNumber() {
        List<String> lines = validLines();
        lines.add("pipeline.batches.max =");
        fx.assertError(fx.refuse(lines), lines.size(), "pipeline.batches.max",
                "empty value; expected an integer from 1 to 1024");
    }

    @Test
    void underscoresBetweenDigitsAreAccepted() {
        List<String> lines = validLines();
        lines.add("batch.bytes.max = 2_097_152");
        assertEquals(2_097_152, fx.load(lines).params().batchBytesMax());
    }

    @Test
    void windowSmallerThanCheckpointIntervalPointsAtWindow() {
        List<String> lines = validLines();
        lines.add("checkpoint.interval = 100");
        lines.add("window.size = 64");
        fx.assertError(fx.refuse(lines), lines.size(), "window.size",
                "window.size (64) is smaller than checkpoint.interval (100)", "expected window.size >= checkpoint.interval");
    }

    @Test
    void checkpointIntervalAboveDefaultWindowPointsAtCheckpointInterval() {
        List<String> lines = validLines();
        lines.add("checkpoint.interval = 300");
        fx.assertError(fx.refuse(lines), lines.size(), "checkpoint.interval",
                "window.size (256) is smaller than checkpoint.interval (300)");
    }

    @Test
    void otherCrossChecks() {
        List<String> lines = validLines();
        lines.add("batch.bytes.max = 1024");
        lines.add("request.bytes.max = 2048");
        lines.add("frame.bytes.max = 65536");
        lines.add("connect.backoff.min.millis = 3000");
        ConfigException e = fx.refuse(lines);
        int last = lines.size();
        fx.assertError(e, last - 2, "request.bytes.max", "expected request.bytes.max <= batch.bytes.max");
        fx.assertError(e, last - 1, "frame.bytes.max", "expected frame.bytes.max > batch.bytes.max + 65536");
        fx.assertError(e, last, "connect.backoff.min.millis",
                "expected connect.backoff.min.millis <= connect.backoff.max.millis");
    }

    @Test
    void reportsAllErrorsInLineOrder() {
        List<String> lines = validLines();
        lines.add("window.size = x");
        lines.add("no equals here");
        lines.add("chekpoint.interval = 3");
        ConfigException e = fx.refuse(lines);
        assertEquals(3, e.errors().size(), e.getMessage());
        assertEquals(List.of(lines.size() - 2, lines.size() - 1, lines.size()),
                e.errors().stream().map(ConfigError::line).toList());
        assertEquals(3, e.getMessage().lines().count());
    }

    @Test
    void commentsBlankLinesAndSpacingAreAccepted() {
        List<String> lines = validLines();
        lines.add("");
        lines.add("! bang comment");
        lines.add("   # indented comment");
        lines.add("  batch.requests.max=7   ");
        assertEquals(7, fx.load(lines).params().batchRequestsMax());
    }
}
