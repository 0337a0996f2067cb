package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import dev.pbft.replica.runtime.Replica;
import dev.pbft.replica.service.NullService;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running replica's Prometheus endpoint, scraped over HTTP. */
class MetricsServerTest {
    @TempDir
    Path dir;

    @Test
    void aRunningReplicaServesItsMetrics() throws Exception {
        ClusterConfig config = ClusterConfig.load(
                GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), ProtocolParams.defaults()));
        List<Replica> replicas = new ArrayList<>();
        try (MetricsServer server = new MetricsServer(new InetSocketAddress("127.0.0.1", 0))) {
            for (int id = 0; id < 4; id++) {
                var builder = Replica.builder().config(config).id(id).service(new NullService(0));
                replicas.add((id == 1 ? builder.meterRegistry(server.registry()) : builder).start());
            }
            try (PbftClient client = PbftClient.builder().config(config).client("c0").build()) {
                for (int i = 0; i < 20; i++) {
                    client.invoke(new byte[0]);
                }
            }
            String text = "";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (value(text, "pbft_requests_executed_total") < 20) { // published about once a second
                assertTrue(System.nanoTime() < deadline, "the counter did not reach 20:\n" + text);
                Thread.sleep(200);
                text = scrape(server.port(), "/metrics");
            }
            assertEquals(20, value(text, "pbft_requests_executed_total"));
            assertEquals(3, value(text, "pbft_peers_connected"));
            assertEquals(0, value(text, "pbft_view"));
            assertTrue(value(text, "pbft_batch_size_requests_count") >= 1, text);
            assertEquals(value(text, "pbft_batch_size_requests_count"), value(text, "pbft_agreement_latency_seconds_count"),
                    "every batch this backup prepared and executed is timed:\n" + text);
            assertEquals(value(text, "pbft_batch_size_requests_count"), value(text, "pbft_execution_latency_seconds_count"),
                    "every batch executed is timed:\n" + text);
            assertTrue(text.contains("pbft_outbound_queue_messages{peer=\"0\",replica=\"1\"}"), text);
            assertTrue(text.contains("pbft_peer_dropped_messages_total{peer=\"2\",replica=\"1\"} 0.0"), text);
            assertEquals(0, value(text, "pbft_reads_executed_total"));
            assertEquals(0, value(text, "pbft_separate_fetches_total"));
            assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/other")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } finally {
            replicas.forEach(Replica::close);
        }
    }

    @Test
    void aBadAddressIsRefusedWithWhatWasExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> MetricsServer.address("9400"));
        assertEquals("--metrics 9400: expected HOST:PORT, e.g. 127.0.0.1:9400", e.getMessage());
        assertEquals(new InetSocketAddress("::1", 9400), MetricsServer.address("[::1]:9400"));
    }

    /** The value of {@code name{replica="1"...}} in Prometheus text, or -1 if absent. */
    private static double value(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*replica=\"1\"[^}]*\\} (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String scrape(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
