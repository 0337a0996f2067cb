package dev.pbft.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FaultSpecTest {
    @ParameterizedTest
    @CsvSource({"kill:3@5s, 3, 5.0, kill:3@5s", "kill:0@0s, 0, 0.0, kill:0@0s", "KILL:12@2.5s, 12, 2.5, kill:12@2.5s",
            "' kill: 1@10s ', 1, 10.0, kill:1@10s"})
    void killParsesReplicaAndSecondsAndPrintsCanonically(String text, int replica, double seconds, String canonical) {
        FaultSpec f = FaultSpec.parse(text);
        assertEquals(new FaultSpec.KillReplica(replica, seconds), f);
        assertEquals(canonical, f.text());
        assertEquals(f, FaultSpec.parse(f.text()), "the canonical form parses back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kill", "kill:", "kill:3", "kill:3@5", "kill:x@5s", "kill:3@-1s", "kill:3@5ms", "kill:3@5s extra",
            "kill:99999999999@1s"})
    void malformedKillSaysWhatWasExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(text));
        assertTrue(e.getMessage().contains("expected kill:<replicaId>@<seconds>s"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"restart:3@20s, 3, 20.0, restart:3@20s", "Restart:0@0.5s, 0, 0.5, restart:0@0.5s",
            "' restart: 2@7s ', 2, 7.0, restart:2@7s"})
    void restartParsesReplicaAndSecondsAndPrintsCanonically(String text, int replica, double seconds, String canonical) {
        FaultSpec f = FaultSpec.parse(text);
        assertEquals(new FaultSpec.RestartReplica(replica, seconds), f);
        assertEquals(canonical, f.text());
        assertEquals(f, FaultSpec.parse(f.text()), "the canonical form parses back");
    }

    @Test
    void restartEmptyIsARestartWithTheDiskLost() {
        FaultSpec f = FaultSpec.parse("restart-empty:3@30s");
        assertEquals(new FaultSpec.RestartReplica(3, 30.0, true), f);
        assertEquals("restart-empty:3@30s", f.text());
        assertEquals(f, FaultSpec.parse(f.text()));
        FaultSpec.checkSchedule(List.of(FaultSpec.parse("kill:3@2s"), f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse("restart-empty:3"));
        assertTrue(e.getMessage().contains("expected restart-empty:<replicaId>@<seconds>s"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"restart", "restart:", "restart:3", "restart:3@", "restart:@5s", "restart:3@5", "restart:-1@5s",
            "restart:3@5m", "restart:3@5s,kill:1@2s", "restart:99999999999@1s"})
    void malformedRestartNamesTheInputAndSaysWhatWasExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected restart:<replicaId>@<seconds>s, e.g. restart:3@20s"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "kill:3@10s restart:3@20s",
            "restart:3@20s kill:3@10s", // the order given does not matter, the times do
            "kill:3@1s restart:3@2s kill:3@3s restart:3@4s",
            "kill:1@1s kill:2@1s restart:2@3s restart:1@3.5s",
            "kill:0@5s"})
    void aScheduleWhereEveryRestartFollowsAKillOfTheSameReplicaIsAccepted(String faults) {
        FaultSpec.checkSchedule(parseAll(faults));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "restart:3@20s; restart:3@20s",
            "kill:2@10s restart:3@20s; restart:3@20s",
            "kill:3@10s restart:3@10s; restart:3@10s", // the same instant is not earlier
            "restart:3@5s kill:3@10s; restart:3@5s",
            "kill:3@1s restart:3@2s restart:3@3s; restart:3@3s",
            "kill:3@1s kill:3@2s; kill:3@2s"})
    void aRestartWithoutAnEarlierKillOrASecondKillIsRefusedNamingTheFault(String faults, String culprit) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.checkSchedule(parseAll(faults)));
        assertTrue(e.getMessage().startsWith("fault " + culprit + ":"), e.getMessage());
    }

    @Test
    void loadSpecChecksTheSchedule() {
        assertThrows(IllegalArgumentException.class,
                () -> new LoadSpec(List.of("c0"), 1, 0, 0, 10, List.of(FaultSpec.parse("restart:1@5s"))));
    }

    private static List<FaultSpec> parseAll(String spaceSeparated) {
        return java.util.Arrays.stream(spaceSeparated.trim().split("\\s+")).map(FaultSpec::parse).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"crash:1@2s", "partition:0,1|2,3", "byzantine"})
    void unknownKindListsTheKnownOnes(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(text));
        assertTrue(e.getMessage().contains("unknown kind") && e.getMessage().contains(FaultSpec.KNOWN_KINDS), e.getMessage());
    }

    @Test
    void emptyInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(null));
    }

    @Test
    void loadSpecRefusesAFaultAfterTheMeasuredPart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LoadSpec(List.of("c0"), 1, 0, 0, 10, List.of(FaultSpec.parse("kill:1@10s"))));
        assertTrue(e.getMessage().contains("after the measured part ends"), e.getMessage());
    }

    @Test
    void loadSpecSharesPrincipalsRoundRobin() {
        LoadSpec spec = new LoadSpec(List.of("c0", "c1", "c2"), 100, 0, 0, 1, List.of());
        assertEquals(34, spec.workersPerPrincipalMax());
        assertEquals(List.of("c0", "c1", "c2"), spec.principalsUsed());
        assertEquals(List.of("c0"), new LoadSpec(List.of("c0", "c1"), 1, 0, 0, 1, List.of()).principalsUsed());
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(List.of("c0", "c0"), 1, 0, 0, 1, List.of()));
    }

    @ParameterizedTest
    @CsvSource({"equivocates:0@20s, equivocates, 0, 20.0, equivocates:0@20s",
            "' SLOW-PRIMARY:1@2.5s', slow-primary, 1, 2.5, slow-primary:1@2.5s",
            "big-mac-client@0s, big-mac-client, -1, 0.0, big-mac-client@0s"})
    void attacksParseAndPrintCanonically(String text, String behaviour, int replica, double seconds, String canonical) {
        FaultSpec.Attack a = (FaultSpec.Attack) FaultSpec.parse(text);
        assertEquals(new FaultSpec.Attack(behaviour, replica, seconds), a);
        assertEquals(canonical, a.text());
        assertEquals(replica < 0, a.client());
    }

    @ParameterizedTest
    @ValueSource(strings = {"equivocates@2s", "equivocates:x@2s", "big-mac-client:0@2s", "flood-client@later"})
    void malformedAttacksSayWhatWasExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(text));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void twinsRunsOnlyInTheSimulator() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse("twins:0@1s"));
        assertTrue(e.getMessage().contains("unknown kind"), e.getMessage());
    }
}
