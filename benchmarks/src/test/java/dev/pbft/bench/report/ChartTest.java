package dev.pbft.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.bench.load.LoadResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class ChartTest {
    private static Document xml(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document d) {
        NodeList nodes = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        return java.util.stream.IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent()).toList();
    }

    @Test
    void aGeneralChartDrawsEveryNamedSeriesOnLogY() throws Exception {
        List<SvgLineChart.Point> measured = List.of(new SvgLineChart.Point(4, 24), new SvgLineChart.Point(7, 84),
                new SvgLineChart.Point(10, 180), new SvgLineChart.Point(13, 312));
        List<SvgLineChart.Point> formula = List.of(new SvgLineChart.Point(4, 32), new SvgLineChart.Point(13, 338));
        String svg = new SvgLineChart("Messages per batch <n>", "replicas n", "messages").logY(true)
                .series("measured & counted", measured).series("2n^2", formula).render();
        Document d = xml(svg);
        assertEquals(2, d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength());
        List<String> texts = texts(d);
        assertTrue(texts.contains("Messages per batch <n>"), "title, escaped in the source and intact after parsing");
        assertTrue(texts.containsAll(List.of("measured & counted", "2n^2", "replicas n", "messages")), texts.toString());
        assertTrue(texts.containsAll(List.of("10", "100", "1000")), "decade ticks on a log axis: " + texts);
    }

    @Test
    void theLoadChartHasBothPanelsWarmUpFaultAndEveryRun() throws Exception {
        LoadResult agreement = Results.sample(1);
        Map<String, LoadResult> runs = new LinkedHashMap<>();
        runs.put("agreement n=4", agreement);
        runs.put("baseline n=1", Results.sample(0));
        String svg = LoadChart.render("bench", runs);
        Document d = xml(svg);
        List<String> texts = texts(d);
        assertTrue(texts.containsAll(List.of("bench: throughput", "bench: latency distribution (measured part)",
                "warm-up", "kill:3@1s", "agreement n=4 ops/s", "agreement n=4 errors/s", "baseline n=1 ops/s",
                "agreement n=4", "baseline n=1")), texts.toString());
        assertTrue(texts.containsAll(List.of("0", "90", "99")), "nines ticks: " + texts);
        assertFalse(texts.contains("baseline n=1 errors/s"), "no error series for a run without errors");
    }

    @Test
    void withProgressSamplesAThirdPanelShowsEachReplicaWithAGapWhileItWasDown() throws Exception {
        String svg = LoadChart.render("bench", Map.of("agreement n=4", Results.withRestart()));
        Document d = xml(svg);
        List<String> texts = texts(d);
        assertTrue(texts.containsAll(List.of("bench: executed sequence number per replica", "replica 0", "replica 3",
                "kill:3@1s", "restart:3@2s", "r3 caught up +1.0s")), texts.toString());
        assertTrue(svg.contains("height=\"1140\""), "three panels of 380 px");
        // replicas 0..2 draw one line each, replica 3 two: before its kill and after its restart
        assertEquals(5, d.getElementsByTagName("polyline").getLength() - 2, "throughput and latency: one line each");
        assertTrue(Double.isNaN(LoadChart.executed(Results.withRestart(), 3).get(6).y()));
        assertFalse(LoadChart.render("bench", Map.of("x", Results.sample(0))).contains("per replica"),
                "no third panel without samples");
    }

    @Test
    void thePercentileCurveRisesToTheMaximumOnTheNinesScale() {
        List<SvgLineChart.Point> curve = LoadChart.percentileCurve(Results.sample(0));
        assertEquals(0.0, curve.get(0).x(), 1e-9);
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).y() >= curve.get(i - 1).y(), "latency never falls as the percentile rises");
        }
        SvgLineChart.Point last = curve.get(curve.size() - 1);
        assertEquals(Math.log10(901), last.x(), 1e-9, "901 samples support about 2.95 nines");
        assertEquals(80.0, last.y(), 0.1, "the curve ends at the max");
    }

    @Test
    void ticksAreNiceAndCoverTheRange() {
        assertEquals(List.of(0.0, 5000.0, 10000.0, 15000.0, 20000.0, 25000.0), Ticks.linear(0, 23456, 6));
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4), Ticks.linear(0.01, 1.31, 8));
        assertEquals(List.of(0.0, 0.5, 1.0), Ticks.linear(0, 0, 3), "a flat series still gets an axis");
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0), Ticks.log(3, 312));
        assertEquals(List.of(0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0), Ticks.log(0.3, 8));
        assertEquals("0.05", Ticks.label(0.05));
        assertEquals("2500", Ticks.label(2500));
    }
}
