package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.calls.CallsTopic;
import io.sfcrime.launcher.ServiceSpec;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.HourlyCounts;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.Poison;
import io.sfcrime.testkit.PrometheusText;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as a user starts it: the launcher in its own process (a real KRaft
 * broker in it, the three service jars as its children) replays the real file, while a
 * separate client writes every kind of poison into the middle of it; each service's
 * answer is then checked against the file and the poison, the Grafana dashboard's metrics
 * against what the services publish, a real Prometheus scrapes them with the Docker
 * setup's configuration and answers every dashboard query, and the launcher must stop
 * everything. Ports are free ones picked at start, so a suite the user runs at the
 * defaults is left alone.
 */
class EmbeddedDefaultSystemTest {

    private static final int KAFKA_PORT = FreePorts.one();

    private static final int PORT_BASE = FreePorts.consecutive(3);

    private static final String BROKERS = "localhost:" + KAFKA_PORT;

    private static final String TOPIC = CallsTopic.NAME;

    private static final Path WORK = Tools.ROOT.resolve("system-tests/target/suite");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Slow enough that the poison lands in the middle of the replay, fast enough for a
     * short build.
     */
    private static final int RATE = 10_000;

    /** Made from a real call; the rule must reject each, whatever id it carries. */
    private static final List<Poison> POISON = Poison.every(RealCalls.inFileOrder().get(0));

    /** Each poison record by where it landed, "topic-partition@offset". */
    private static final Map<String, Poison> POISON_AT = new ConcurrentHashMap<>();

    private static Process launcher;

    @BeforeAll
    static void launchTheSuiteAndReplayTheFile() throws IOException {
        for (ServiceSpec service : ServiceSpec.all(PORT_BASE, WORK.resolve("replay-files"))) {
            assertThat(service.jar(Tools.ROOT, System.getProperty("sfcrime.version")))
                .as("the reactor builds the services before this module")
                .isRegularFile();
        }
        Files.createDirectories(WORK);
        launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.sfcrime.launcher.LocalSuite", "--root=" + Tools.ROOT,
                "--work-dir=" + WORK, "--kafka-port=" + KAFKA_PORT, "--port-base=" + PORT_BASE, "--rate=" + RATE)
            .redirectErrorStream(true)
            .redirectOutput(WORK.resolve("launcher.log").toFile())
            .start();
        await().atMost(Duration.ofMinutes(6))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .failFast("the launcher exited; see " + WORK.resolve("launcher.log"), () -> !launcher.isAlive())
            .until(() -> ServiceHttp.get(PORT_BASE, "/api/replay"),
                    status -> status.path("acknowledged").asLong() > 20_000);
        try (PlainProducer separateClient = new PlainProducer(BROKERS)) {
            for (Poison poison : POISON) {
                RecordMetadata written = separateClient.send(TOPIC, poison.key(), poison.value());
                POISON_AT.put(new TopicPartition(TOPIC, written.partition()).toString() + "@" + written.offset(),
                        poison);
            }
        }
        assertThat(ServiceHttp.get(PORT_BASE, "/api/replay").path("state").asText())
            .as("poison written while the replay runs")
            .isEqualTo("RUNNING");
        await().atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(2))
            .ignoreExceptions()
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
        assertThat(TopicContents.count(BROKERS, TOPIC)).isEqualTo(RealCalls.TOTAL + POISON.size());
    }

    @Test
    void kcatReadsEveryEventKeyedByItsCrimeIdWithTheFileRecordAsValue() throws Exception {
        Tools.require("kcat", Tools.APT + "kcat");
        Path out = WORK.resolve("kcat.out");

        Tools.Result result = Tools.run(
                List.of("kcat", "-b", BROKERS, "-C", "-t", TOPIC, "-e", "-o", "beginning", "-q", "-J"), environment -> {
                }, 120, out);

        assertThat(result.exitCode()).as(result.output().lines().limit(5).toList().toString()).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String line : result.output().lines().toList()) {
            records.add(MAPPER.readTree(line));
        }
        assertThat(records).hasSize(RealCalls.TOTAL + POISON.size());
        List<String> keyed = new ArrayList<>(records.stream()
            .filter(record -> !POISON_AT
                .containsKey(TOPIC + "-" + record.path("partition").asInt() + "@" + record.path("offset").asLong()))
            .map(record -> record.path("key").asText() + "\t" + record.path("payload").asText())
            .toList());
        keyed.sort(null);
        List<String> expected = new ArrayList<>(
                RealCalls.inFileOrder().stream().map(call -> call.crimeId() + "\t" + call.json()).toList());
        expected.sort(null);
        assertThat(keyed).isEqualTo(expected);
    }

    @Test
    void verifyServiceCheckedEveryEvent() {
        JsonNode summary = ServiceHttp.awaitJson(PORT_BASE + 1, "/api/verify/summary",
                s -> s.path("received").asLong() == RealCalls.TOTAL + POISON.size() && s.path("caughtUp").asBoolean());

        assertThat(summary.path("valid").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(summary.path("invalid").asLong()).isEqualTo(POISON.size());
        Map<String, Long> byReason = new TreeMap<>();
        summary.path("invalidByReason").fields().forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asLong()));
        assertThat(byReason).isEqualTo(
                POISON.stream().collect(Collectors.groupingBy(Poison::reason, TreeMap::new, Collectors.counting())));
        assertThat(summary.path("duplicates").asLong()).isEqualTo(4);
        assertThat(summary.path("distinctCrimeIds").asLong())
            .isEqualTo(RealCalls.inFileOrder().stream().map(Call::crimeId).distinct().count());
    }

    @Test
    void analyticsServiceCountedEveryEventIntoItsWindows() {
        String range = "?from=2018-01-01T00:00&to=2019-01-01T00:00";
        JsonNode windows = ServiceHttp.awaitJson(PORT_BASE + 2, "/api/analytics/calls-per-window" + range,
                w -> AnalyticsResults.total(w) == RealCalls.TOTAL);

        assertThat(AnalyticsResults.total(windows)).isEqualTo(RealCalls.TOTAL);
        List<Call> calls = RealCalls.inFileOrder();
        assertThat(AnalyticsResults.rows(PORT_BASE + 2, LocalDate.of(2018, 10, 1), LocalDate.of(2018, 12, 31)))
            .as("every (window, crime type, disposition) count, the poison in none of them")
            .isEqualTo(HourlyCounts.of(calls));
        JsonNode totals = ServiceHttp.get(PORT_BASE + 2, "/api/analytics/progress").path("totals");
        assertThat(totals.path("inputRows").asLong()).isEqualTo(RealCalls.TOTAL + POISON.size());
        assertThat(totals.path("malformedRows").asLong()).as("analytics' malformed = verify's invalid")
            .isEqualTo(ServiceHttp.get(PORT_BASE + 1, "/api/verify/summary").path("invalid").asLong())
            .isEqualTo(POISON.size());
        JsonNode top = ServiceHttp.get(PORT_BASE + 2,
                "/api/analytics/top?limit=3&from=2018-01-01T00:00&to=2019-01-01T00:00");
        assertThat(top.isArray()).isTrue();
        assertThat(top).hasSize(3);
    }

    @Test
    void theDeadLetterTopicHoldsEachPoisonRecordWithItsReason() {
        ServiceHttp.awaitJson(PORT_BASE + 1, "/api/verify/summary", s -> s.path("invalid").asLong() == POISON.size());
        List<ConsumerRecord<String, String>> deadLetters = TopicContents.readAll(BROKERS, TOPIC + ".DLT");

        Map<String, String> reasonAt = new TreeMap<>();
        for (ConsumerRecord<String, String> letter : deadLetters) {
            int partition = ByteBuffer.wrap(letter.headers().lastHeader("kafka_dlt-original-partition").value())
                .getInt();
            long offset = ByteBuffer.wrap(letter.headers().lastHeader("kafka_dlt-original-offset").value()).getLong();
            reasonAt.put(TOPIC + "-" + partition + "@" + offset,
                    new String(letter.headers().lastHeader("sfcrime-invalid-reason").value(), StandardCharsets.UTF_8));
        }
        Map<String, String> expected = new TreeMap<>();
        POISON_AT.forEach((at, poison) -> expected.put(at, poison.reason()));
        assertThat(reasonAt).isEqualTo(expected);
    }

    @Test
    void everyServiceStaysUp() {
        for (int port = PORT_BASE; port < PORT_BASE + 3; port++) {
            assertThat(ServiceHttp.get(port, "/actuator/health").path("status").asText()).as("health on " + port)
                .isEqualTo("UP");
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsPublishedByAService() {
        Set<String> published = new TreeSet<>();
        for (int port = PORT_BASE; port < PORT_BASE + 3; port++) {
            published.addAll(PrometheusText.parse(ServiceHttp.text(port, "/actuator/prometheus")).names());
        }

        Map<String, Set<String>> unpublished = new TreeMap<>();
        for (Dashboard.Query query : Dashboard.queries()) {
            Set<String> missing = new TreeSet<>(query.metrics());
            missing.removeAll(published);
            if (!missing.isEmpty()) {
                unpublished.put(query.toString(), missing);
            }
        }
        assertThat(unpublished).as("dashboard queries reading metrics no service publishes").isEmpty();
        assertThat(Dashboard.queries()).as("queries in which no metric was recognised (only up is Prometheus's own)")
            .filteredOn(query -> query.metrics().isEmpty() && !query.expr().startsWith("up{"))
            .isEmpty();
    }

    @Test
    void prometheusScrapesEveryServiceAndEveryDashboardQueryReturnsData() throws Exception {
        Tools.require("prometheus", Tools.APT + "prometheus");
        List<ServiceSpec> services = ServiceSpec.all(PORT_BASE, WORK.resolve("replay-files"));

        try (PrometheusServer prometheus = PrometheusServer.scraping(services, WORK.resolve("prometheus"))) {
            Map<String, String> allUp = new TreeMap<>();
            services.forEach(service -> allUp.put(service.name(), "up"));
            await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(prometheus::jobHealth, allUp::equals);
            // Each service's series carry application=<its name>: the dashboard's JVM
            // panels group by it.
            for (ServiceSpec service : services) {
                String heap = "jvm_memory_used_bytes{job=\"%s\", application=\"%s\", area=\"heap\"}"
                    .formatted(service.name(), service.name());
                await().atMost(Duration.ofSeconds(30)).until(() -> prometheus.query(heap).size() > 0);
            }
            // rate() needs two scrapes (5 s apart) before it answers.
            await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(Dashboard.queries()).as("dashboard queries that return no data")
                    .filteredOn(query -> prometheus.query(query.expr()).isEmpty())
                    .isEmpty());
        }
    }

}
