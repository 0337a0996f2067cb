package dev.pbft.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves a registry's meters at {@code GET /metrics} in Prometheus' text format, from the JDK's
 * own HTTP server on one thread. Nothing else is served; other paths answer 404.
 */
final class MetricsServer implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;

    /**
     * @throws IOException if {@code address} cannot be listened on; the message names it
     */
    MetricsServer(InetSocketAddress address) throws IOException {
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address.getHostString() + ":" + address.getPort() + ": "
                    + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /**
     * Parses {@code HOST:PORT} ({@code [v6]:PORT} for an IPv6 literal).
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        if (host.isEmpty() || port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--metrics " + text + ": expected HOST:PORT, e.g. 127.0.0.1:9400");
        }
        return new InetSocketAddress(host, port);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port actually bound (the one asked for, or a free one for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }
}
