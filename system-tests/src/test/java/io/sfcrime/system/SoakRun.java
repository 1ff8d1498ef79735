package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The soak run (on demand, not part of {@code verify}: the class name matches no surefire
 * pattern): the embedded default replays the real file in a loop as fast as possible for
 * {@code soak.minutes} (10 by default) while this samples, every 15 s, each service's
 * heap (used, and live data after the last major GC), verify's consumer lag and
 * analytics' batch duration and offset lag. It prints the samples, writes them to
 * {@code system-tests/target/soak-results.md} and asserts only that every service stayed
 * UP and the replay kept going: the figures are for people to read.
 */
class SoakRun {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Path WORK = Tools.ROOT.resolve("system-tests/target/soak");

    private static final Pattern HEAP_USED = Pattern
        .compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    private static final Pattern LIVE_DATA = Pattern.compile("^jvm_gc_live_data_size_bytes\\{[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);

    private static final List<String> SERVICES = List.of("ingest", "verify", "analytics");

    @Test
    void soak() throws Exception {
        Duration length = Duration.ofMinutes(Long.getLong("soak.minutes", 10));
        int kafkaPort = FreePorts.one();
        int portBase = FreePorts.consecutive(3);
        Files.createDirectories(WORK);
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.sfcrime.launcher.LocalSuite", "--root=" + Tools.ROOT,
                "--work-dir=" + WORK, "--kafka-port=" + kafkaPort, "--port-base=" + portBase, "--replay=false")
            .redirectErrorStream(true)
            .redirectOutput(WORK.resolve("launcher.log").toFile())
            .start();
        List<String> rows = new ArrayList<>();
        try {
            await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .failFast("the launcher exited; see " + WORK.resolve("launcher.log"), () -> !launcher.isAlive())
                .until(() -> SERVICES.stream().allMatch(service -> up(portBase + SERVICES.indexOf(service))));
            post(portBase, "/api/replay", "{\"rate\":0,\"loop\":true}");
            Instant start = Instant.now();
            Instant end = start.plus(length);
            rows.add("| t (s) | acknowledged | events/s | verify received | verify lag | analytics rows read"
                    + " | batch ms | analytics offset lag | heap used MB (ingest/verify/analytics)"
                    + " | live data after GC MB (ingest/verify/analytics) |");
            rows.add("|---|---|---|---|---|---|---|---|---|---|");
            long lastAcknowledged = 0;
            Instant lastAt = start;
            while (Instant.now().isBefore(end)) {
                await().pollDelay(SAMPLE_EVERY)
                    .atMost(SAMPLE_EVERY.plusSeconds(5))
                    .failFast("the launcher exited", () -> !launcher.isAlive())
                    .until(() -> true);
                JsonNode replay = get(portBase, "/api/replay");
                JsonNode verify = get(portBase + 1, "/api/verify/summary");
                JsonNode analytics = get(portBase + 2, "/api/analytics/progress");
                assertThat(replay.path("state").asText()).as(replay.toString()).isEqualTo("RUNNING");
                Instant now = Instant.now();
                long acknowledged = replay.path("acknowledged").asLong();
                double rate = (acknowledged - lastAcknowledged) * 1000.0 / Duration.between(lastAt, now).toMillis();
                lastAcknowledged = acknowledged;
                lastAt = now;
                long verifyLag = 0;
                for (JsonNode partition : verify.path("partitions")) {
                    verifyLag += partition.path("lag").asLong();
                }
                JsonNode latest = analytics.path("latest");
                long offsetLag = 0;
                for (JsonNode topic : latest.path("offsetLag")) {
                    offsetLag += topic.asLong();
                }
                StringBuilder heap = new StringBuilder();
                StringBuilder live = new StringBuilder();
                for (int i = 0; i < SERVICES.size(); i++) {
                    String metrics = text(portBase + i, "/actuator/prometheus");
                    heap.append(i == 0 ? "" : " / ").append(megabytes(HEAP_USED, metrics));
                    live.append(i == 0 ? "" : " / ").append(megabytes(LIVE_DATA, metrics));
                }
                String row = String.format(Locale.ROOT, "| %d | %,d | %,.0f | %,d | %,d | %,d | %d | %,d | %s | %s |",
                        Duration.between(start, now).toSeconds(), acknowledged, rate, verify.path("received").asLong(),
                        verifyLag, analytics.path("totals").path("inputRows").asLong(),
                        latest.path("durationMs").path("triggerExecution").asLong(), offsetLag, heap, live);
                rows.add(row);
                System.out.println(row);
            }
            post(portBase, "/api/replay/stop", "");
            for (int i = 0; i < SERVICES.size(); i++) {
                assertThat(up(portBase + i)).as(SERVICES.get(i) + " UP at the end").isTrue();
            }
        }
        finally {
            launcher.destroy();
            launcher.waitFor(90, TimeUnit.SECONDS);
            String report = "# Soak run\n\n" + length.toMinutes() + " minutes, the real file replayed in a loop as fast"
                    + " as possible on the embedded default; " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + ManagementFactory.getOperatingSystemMXBean().getName() + ", Java "
                    + System.getProperty("java.version") + ".\n\n" + String.join("\n", rows) + "\n";
            Files.writeString(Tools.ROOT.resolve("system-tests/target/soak-results.md"), report);
            System.out.println(report);
        }
    }

    private static String megabytes(Pattern pattern, String metrics) {
        double bytes = 0;
        Matcher matcher = pattern.matcher(metrics);
        while (matcher.find()) {
            bytes += Double.parseDouble(matcher.group(1));
        }
        return String.format(Locale.ROOT, "%.0f", bytes / 1024 / 1024);
    }

    private static boolean up(int port) {
        try {
            return "UP".equals(get(port, "/actuator/health").path("status").asText());
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    private static JsonNode get(int port, String path) {
        try {
            return MAPPER.readTree(text(port, path));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String text(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET());
    }

    /** With the API token the launcher made for this launch. */
    private static void post(int port, String path, String body) {
        try {
            String token = Files.readString(WORK.resolve("api-token")).trim();
            send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
