package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.launcher.ServiceSpec;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as a user starts it: the launcher in its own process (a real KRaft broker in it, the
 * three service jars as its children) replays the real file as fast as possible; each service's answer is
 * then checked against the file, a real Prometheus scrapes them, and the launcher must stop everything.
 * Ports are free ones picked at start, so a suite the user runs at the defaults is left alone.
 */
class EmbeddedDefaultSystemTest {

    private static final int KAFKA_PORT = FreePorts.one();

    private static final int PORT_BASE = FreePorts.consecutive(3);

    private static final String BROKERS = "localhost:" + KAFKA_PORT;

    private static final String TOPIC = "police.department.calls";

    private static final Path WORK = Tools.ROOT.resolve("system-tests/target/suite");

    private static Process launcher;

    @BeforeAll
    static void launchTheSuiteAndReplayTheFile() throws IOException {
        for (ServiceSpec service : ServiceSpec.all(PORT_BASE)) {
            assertThat(service.jar(Tools.ROOT, System.getProperty("sfcrime.version")))
                    .as("the reactor builds the services before this module").isRegularFile();
        }
        Files.createDirectories(WORK);
        launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.sfcrime.launcher.LocalSuite", "--root=" + Tools.ROOT,
                "--work-dir=" + WORK, "--kafka-port=" + KAFKA_PORT, "--port-base=" + PORT_BASE, "--rate=0")
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("launcher.log").toFile())
                .start();
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .failFast("the launcher exited; see " + WORK.resolve("launcher.log"), () -> !launcher.isAlive())
                .until(() -> "COMPLETED".equals(ServiceHttp.get(PORT_BASE, "/api/replay").path("state").asText()));
    }

    @AfterAll
    static void ctrlCStopsEverything() throws InterruptedException {
        if (launcher == null) {
            return;
        }
        launcher.destroy();
        assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("launcher stopped").isTrue();
        for (int port = PORT_BASE; port < PORT_BASE + 3; port++) {
            int service = port;
            assertThat(ServiceHttp.answers(service)).as("service on port " + service + " stopped").isFalse();
        }
    }

    @Test
    void theReplayDeliveredEveryEventOnce() {
        JsonNode status = ServiceHttp.get(PORT_BASE, "/api/replay");

        assertThat(status.path("acknowledged").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(status.path("failed").asLong()).isZero();
        assertThat(TopicContents.count(BROKERS, TOPIC)).isEqualTo(RealCalls.TOTAL);
    }

    @Test
    void kcatReadsEveryEventKeyedByItsCrimeIdWithTheFileRecordAsValue() throws Exception {
        Tools.require("kcat", "kcat");
        Path out = WORK.resolve("kcat.out");

        Tools.Result result = Tools.run(List.of("kcat", "-b", BROKERS, "-C", "-t", TOPIC, "-e", "-o", "beginning",
                "-q", "-f", "%k\\t%s\\n"), Map.of(), 120, out);

        assertThat(result.exitCode()).as(result.output().lines().limit(5).toList().toString()).isZero();
        List<String> lines = result.output().lines().toList();
        assertThat(lines).hasSize(RealCalls.TOTAL);
        List<String> keyed = new ArrayList<>(lines);
        keyed.sort(null);
        List<String> expected = new ArrayList<>(RealCalls.inFileOrder().stream()
                .map(call -> call.crimeId() + "\t" + call.json()).toList());
        expected.sort(null);
        assertThat(keyed).isEqualTo(expected);
    }

    @Test
    void verifyServiceCheckedEveryEvent() {
        JsonNode summary = awaitJson(PORT_BASE + 1, "/api/verify/summary",
                s -> s.path("received").asLong() == RealCalls.TOTAL && s.path("caughtUp").asBoolean());

        assertThat(summary.path("valid").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(summary.path("invalid").asLong()).isZero();
        assertThat(summary.path("duplicates").asLong()).isEqualTo(4);
        assertThat(summary.path("distinctCrimeIds").asLong()).isEqualTo(RealCalls.inFileOrder().stream()
                .map(Call::crimeId).distinct().count());
    }

    @Test
    void analyticsServiceCountedEveryEventIntoItsWindows() {
        String range = "?from=2018-01-01T00:00&to=2019-01-01T00:00";
        JsonNode windows = awaitJson(PORT_BASE + 2, "/api/analytics/calls-per-window" + range,
                w -> total(w) == RealCalls.TOTAL);

        assertThat(total(windows)).isEqualTo(RealCalls.TOTAL);
        JsonNode top = ServiceHttp.get(PORT_BASE + 2,
                "/api/analytics/top?limit=3&from=2018-01-01T00:00&to=2019-01-01T00:00");
        assertThat(top.isArray()).isTrue();
        assertThat(top).hasSize(3);
    }

    @Test
    void prometheusScrapesEveryServiceAndEveryDashboardQueryReturnsData() throws Exception {
        Tools.require("prometheus", "prometheus");

        Tools.Result result = Tools.run(List.of("bash", "scripts/prometheus-e2e.sh"),
                Map.of("INGEST_ADDR", "127.0.0.1:" + PORT_BASE, "VERIFY_ADDR", "127.0.0.1:" + (PORT_BASE + 1),
                        "ANALYTICS_ADDR", "127.0.0.1:" + (PORT_BASE + 2)),
                300, WORK.resolve("prometheus-e2e.log"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("prometheus-e2e: [1-9][0-9]* passed, 0 failed");
    }

    private static long total(JsonNode windows) {
        return StreamSupport.stream(windows.spliterator(), false).mapToLong(w -> w.path("count").asLong()).sum();
    }

    private static JsonNode awaitJson(int port, String path, Predicate<JsonNode> done) {
        return await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> ServiceHttp.get(port, path), done::test);
    }
}
