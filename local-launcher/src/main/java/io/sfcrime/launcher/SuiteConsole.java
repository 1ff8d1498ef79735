package io.sfcrime.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the user sees: where to look, the replay started, and one progress line every few
 * seconds.
 */
final class SuiteConsole {

    private static final Logger log = LoggerFactory.getLogger(SuiteConsole.class);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final LaunchOptions options;

    private final String bootstrapServers;

    private final ApiToken token;

    private final Path logs;

    SuiteConsole(LaunchOptions options, String bootstrapServers, ApiToken token, Path logs) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.token = token;
        this.logs = logs;
    }

    void printWhereToLook() {
        log.info("""

                SF Crime Streaming is up (Ctrl-C stops everything).
                  web page            {}/   (replay, verify and analytics, live)
                  Kafka               {}   (kcat -b {} -C -t {} -e -o beginning | head)
                  ingest-service      {}/api/replay
                  verify-service      {}/api/verify/summary
                  analytics-service   {}/api/analytics/top?limit=10
                                      {}/api/analytics/progress
                  Spark UI            http://localhost:4040 (or the next free port: see the analytics log)
                  metrics             <each service>/actuator/prometheus
                  logs                {}
                Everything listens on {} only. GETs are open; POSTs need the API token ({}, in {};
                the web page asks for it once per browser tab):
                  curl -X POST -H "Authorization: Bearer $(cat {})" {}/api/replay/stop
                """, url(2), this.bootstrapServers, this.bootstrapServers, this.options.topic(), url(0), url(1), url(2),
                url(2), this.logs, ServiceProcess.LOOPBACK,
                this.token.generated() ? "made for this launch" : "from " + ApiToken.VARIABLE, this.token.file(),
                this.token.file(), url(0));
    }

    private String url(int service) {
        return this.options.services().get(service).baseUrl();
    }

    void startReplay() {
        String body = "{\"rate\": " + this.options.rate() + "}";
        JsonNode status = call("POST", url(0) + "/api/replay", body, this.token);
        log.info("Replay started: {} events/s (0 = as fast as possible), order {}", this.options.rate(),
                status == null ? "?" : status.at("/options/order").asText());
    }

    /**
     * Prints progress until the shutdown hook counts the latch down, or a service dies.
     */
    void reportUntilStopped(List<ServiceProcess> services, CountDownLatch stopped) throws InterruptedException {
        while (!stopped.await(this.options.reportSeconds(), TimeUnit.SECONDS)) {
            for (ServiceProcess service : services) {
                if (!service.isAlive()) {
                    log.error("{} has stopped; see {}", service.spec().name(), service.logFile());
                }
            }
            log.info("{} | {} | {}", replayLine(), verifyLine(), analyticsLine());
        }
    }

    private String replayLine() {
        JsonNode s = call("GET", url(0) + "/api/replay", null, null);
        if (s == null) {
            return "replay: no answer";
        }
        return String.format("replay %s %,d/%s acked (%,.0f/s)", s.path("state").asText(),
                s.path("acknowledged").asLong(),
                s.path("total").isNumber() ? String.format("%,d", s.path("total").asLong()) : "?",
                s.path("eventsPerSecond").asDouble());
    }

    private String verifyLine() {
        JsonNode s = call("GET", url(1) + "/api/verify/summary", null, null);
        if (s == null) {
            return "verify: no answer";
        }
        return String.format("verify %,d received, %,d valid, %,d invalid, %,d duplicates%s",
                s.path("received").asLong(), s.path("valid").asLong(), s.path("invalid").asLong(),
                s.path("duplicates").asLong(), s.path("caughtUp").asBoolean() ? ", caught up" : "");
    }

    private String analyticsLine() {
        JsonNode s = call("GET", url(2) + "/api/analytics/progress", null, null);
        if (s == null) {
            return "analytics: no answer";
        }
        JsonNode totals = s.path("totals");
        return String.format("analytics %s, %,d batches, %,d rows read, %,d late, %,d malformed",
                s.path("state").asText("?"), totals.path("batches").asLong(), totals.path("inputRows").asLong(),
                totals.path("lateRows").asLong(), totals.path("malformedRows").asLong());
    }

    private static JsonNode call(String method, String url, String body, ApiToken token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5))
            .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", token.bearer());
        }
        if ("POST".equals(method)) {
            request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                log.warn("{} {} answered {}: {}", method, url, response.statusCode(), response.body());
            }
            return MAPPER.readTree(response.body());
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

}
