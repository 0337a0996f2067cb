package dev.pbft.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttackReportTest {
    private static AttackReport.Row row(String attack, double ops, double p99, long errors) {
        return new AttackReport.Row(attack, ops, p99, errors);
    }

    @Test
    void mediansTakeEachRowsMiddleRunAndAddUpItsErrors() {
        List<List<AttackReport.Row>> passes = List.of(
                List.of(row("fault-free", 9_000, 30, 0), row("flood", 6_000, 60, 0)),
                List.of(row("fault-free", 11_000, 25, 0), row("flood", 3_000, 90, 2)),
                List.of(row("fault-free", 10_000, 40, 0), row("flood", 8_000, 50, 1)));

        List<AttackReport.Row> medians = AttackReport.medians(passes);

        assertEquals(List.of(row("fault-free", 10_000, 30, 0), row("flood", 6_000, 60, 3)), medians);
    }

    @Test
    void passesThatListOtherAttacksAreRefused() {
        List<List<AttackReport.Row>> passes = List.of(
                List.of(row("fault-free", 1, 1, 0), row("flood", 1, 1, 0)),
                List.of(row("fault-free", 1, 1, 0), row("replay", 1, 1, 0)));
        assertThrows(IllegalArgumentException.class, () -> AttackReport.medians(passes));
        assertThrows(IllegalArgumentException.class, () -> AttackReport.medians(List.of()));
    }
}
