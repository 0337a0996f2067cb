package dev.pbft.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingChartTest {
    @Test
    void rowsBecomeOneLinePerRequestSizeOnALogScaleOfIdentities() {
        List<ScalingChart.Row> rows = ScalingChart.parse("s.csv", List.of("identities,requestBytes,opsPerSecond",
                "1,0,2500", "", "1000,0,7000.5", "1,1024,2400", "1000,1024,5000"));
        assertEquals(4, rows.size());
        String svg = ScalingChart.render(rows);
        assertTrue(svg.startsWith("<svg") && svg.contains("xmlns="), svg);
        assertTrue(svg.contains("0 B / 0 B") && svg.contains("1024 B / 1024 B"));
        assertTrue(svg.contains(">1,000<"), "identities are labelled as such, not as their logarithm");
    }

    @Test
    void sharedConnectionsAreASeriesOfTheirOwn() {
        List<ScalingChart.Row> rows = ScalingChart.parse("s.csv", List.of("identities,requestBytes,opsPerSecond,connections",
                "100,0,8000,own", "100,0,17000,shared", "1000,0,30000,shared"));
        assertEquals(new ScalingChart.Row(100, 0, 17000, "shared"), rows.get(1));
        String svg = ScalingChart.render(rows);
        assertTrue(svg.contains("0 B / 0 B, a connection each") && svg.contains("0 B / 0 B, shared connections"), svg);
        var e = assertThrows(IllegalArgumentException.class, () -> ScalingChart.parse("s.csv",
                List.of("identities,requestBytes,opsPerSecond,connections", "10,0,100,both")));
        assertTrue(e.getMessage().startsWith("s.csv:2: expected identities (>= 1), request bytes (>= 0), ops/s (>= 0)"
                + " and own or shared"), e.getMessage());
    }

    @Test
    void aBadRowIsRefusedWithItsFileAndLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> ScalingChart.parse("s.csv",
                List.of("identities,requestBytes,opsPerSecond", "10,0,100", "ten,0,100")));
        assertTrue(e.getMessage().startsWith("s.csv:3: expected identities"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScalingChart.parse("s.csv", List.of("a,b")));
        assertTrue(e.getMessage().startsWith("s.csv:1: expected the header"), e.getMessage());
    }
}
