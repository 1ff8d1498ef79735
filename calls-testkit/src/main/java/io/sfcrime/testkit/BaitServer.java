package io.sfcrime.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An HTTP server on loopback that answers every request with a calls array and counts the
 * requests, for tests that prove a service never fetches a URL it is given: the count
 * must stay 0.
 */
public final class BaitServer implements AutoCloseable {

    private final HttpServer server;

    private final AtomicInteger requests = new AtomicInteger();

    private BaitServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server that answers {@code calls} as a JSON array to any request. */
    public static BaitServer serving(List<Call> calls) {
        byte[] body = calls.stream()
            .map(Call::json)
            .collect(Collectors.joining(",", "[", "]"))
            .getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            BaitServer bait = new BaitServer(server);
            server.createContext("/", exchange -> {
                bait.requests.incrementAndGet();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return bait;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public int port() {
        return this.server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String base() {
        return "http://127.0.0.1:" + port();
    }

    /** How many requests the server has seen. */
    public int requests() {
        return this.requests.get();
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

}
