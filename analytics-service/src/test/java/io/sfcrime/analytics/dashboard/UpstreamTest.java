package io.sfcrime.analytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.sun.net.httpserver.HttpServer;
import io.sfcrime.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The proxy's client against a real HTTP server on loopback standing in for a service:
 * the fixed path and nothing else reaches it, the caller's token only on a POST, the
 * service's answer is passed on as it is (status, type, bytes), and a service that is
 * away, too slow or answers too much is reported unreachable with the reason.
 */
class UpstreamTest {

    private static final String PROBLEM = "{\"title\":\"Replay already running\",\"status\":409}";

    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final CountDownLatch release = new CountDownLatch(1);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            this.seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization") + " body="
                    + new String(body, StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getPath();
            byte[] answer = path.endsWith("/slow") ? awaitRelease() : path.endsWith("/huge")
                    ? new byte[Upstream.MAX_ANSWER_BYTES + 1] : PROBLEM.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(409, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        // One thread per exchange: the slow answer must not hold up the next request.
        this.server.setExecutor(this.threads);
        this.server.start();
    }

    @AfterEach
    void stopServer() {
        this.release.countDown();
        this.server.stop(0);
        this.threads.shutdownNow();
    }

    @Test
    void forwardsToTheFixedPathAndPassesTheAnswerOnAsItIs() {
        Upstream ingest = upstream("http://127.0.0.1:" + this.server.getAddress().getPort());

        ResponseEntity<byte[]> answer = ingest.post("/api/replay", "Bearer t0ken-of-the-caller",
                "{\"limit\":5}".getBytes(StandardCharsets.UTF_8));
        ResponseEntity<byte[]> status = ingest.get("/api/replay");

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(new String(answer.getBody(), StandardCharsets.UTF_8)).isEqualTo(PROBLEM);
        assertThat(status.getStatusCode().value()).isEqualTo(409);
        assertThat(this.seen).containsExactly("POST /api/replay auth=Bearer t0ken-of-the-caller body={\"limit\":5}",
                "GET /api/replay auth=null body=");
    }

    @Test
    void aServiceThatIsNotRunningIsReportedWithTheReason() {
        int closed = FreePorts.one();
        Upstream verify = Upstream.of("verify-service", "http://127.0.0.1:" + closed, Duration.ofSeconds(2));

        assertThatExceptionOfType(UpstreamUnavailableException.class)
            .isThrownBy(() -> verify.get("/api/verify/summary"))
            .withMessageStartingWith(
                    "verify-service is not reachable (GET http://127.0.0.1:" + closed + "/api/verify/summary): ")
            .withMessageEndingWith("connection refused: nothing listens there (ConnectException)")
            .extracting(UpstreamUnavailableException::service)
            .isEqualTo("verify-service");
    }

    @Test
    void aServiceTooSlowOrAnsweringTooMuchIsReportedUnreachable() {
        Upstream ingest = Upstream.of("ingest-service", "http://127.0.0.1:" + this.server.getAddress().getPort(),
                Duration.ofMillis(500));

        assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> ingest.get("/slow"))
            .withMessageContaining("ingest-service is not reachable (GET ")
            .withMessageEndingWith("no answer within 500 ms (HttpTimeoutException)");
        assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> ingest.get("/huge"))
            .withMessageEndingWith("it answered more than " + Upstream.MAX_ANSWER_BYTES + " bytes");
    }

    private byte[] awaitRelease() {
        try {
            this.release.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return PROBLEM.getBytes(StandardCharsets.UTF_8);
    }

    private static Upstream upstream(String base) {
        return Upstream.of("ingest-service", base, Duration.ofSeconds(3));
    }

}
