package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Replays into the real (embedded KRaft) broker through the REST API and reads back what
 * the topic holds.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "sfcrime.replay.topic.name=calls.replay-it" })
class ReplayIntegrationTest {

    private static final String TOPIC = "calls.replay-it";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void filesDir(DynamicPropertyRegistry registry) {
        registry.add("sfcrime.replay.files-dir", () -> dir.toString());
    }

    @Value("${spring.embedded.kafka.brokers}")
    private String brokers;

    @Autowired
    private TestRestTemplate rest;

    private Map<Integer, Long> offsetsBefore;

    private ReplayClient replay;

    @BeforeEach
    void settleAndMarkTheTopic() {
        this.replay = new ReplayClient(this.rest);
        this.rest.postForEntity("/api/replay/stop", null, JsonNode.class);
        this.offsetsBefore = TopicContents.endOffsets(this.brokers, TOPIC);
    }

    @Test
    void aFullReplayDeliversEveryCallOnceKeyedByItsCrimeIdOldestFirst() {
        JsonNode status = this.replay.replayToTheEnd("{}");

        assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("total").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(status.get("sent").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(status.get("acknowledged").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(status.get("failed").asLong()).isZero();
        assertThat(status.get("skipped").asLong()).isZero();
        assertThat(status.get("etaMs").asLong()).isZero();

        List<ConsumerRecord<String, String>> records = newRecords();
        assertThat(records).hasSize(RealCalls.TOTAL);
        assertThat(records)
            .allSatisfy(r -> assertThat(r.key()).isEqualTo(MAPPER.readTree(r.value()).get("crime_id").asText()));
        // Sorted copies compared in one pass: containsExactlyInAnyOrder is quadratic on
        // 200k records.
        assertThat(sorted(records.stream().map(ConsumerRecord::value).toList()))
            .isEqualTo(sorted(RealCalls.inFileOrder().stream().map(Call::json).toList()));
        assertEachPartitionIsSorted(records, Comparator.naturalOrder());
    }

    @Test
    void fileOrderSendsTheFirstEventsOfTheFileNewestFirst() {
        JsonNode status = this.replay.replayToTheEnd("{\"order\": \"file\", \"limit\": 500}");

        assertThat(status.get("acknowledged").asLong()).isEqualTo(500);
        List<ConsumerRecord<String, String>> records = newRecords();
        assertThat(records).extracting(ConsumerRecord::key)
            .containsExactlyInAnyOrderElementsOf(
                    RealCalls.inFileOrder().subList(0, 500).stream().map(Call::crimeId).toList());
        assertEachPartitionIsSorted(records, Comparator.reverseOrder());
    }

    @Test
    void eventTimeOrderWithALimitSendsTheOldestEvents() {
        JsonNode status = this.replay.replayToTheEnd("{\"order\": \"event-time\", \"limit\": 500}");

        assertThat(status.get("total").asLong()).isEqualTo(500);
        assertThat(newRecords()).extracting(ConsumerRecord::key)
            .containsExactlyInAnyOrderElementsOf(
                    RealCalls.inEventTimeOrder().subList(0, 500).stream().map(Call::crimeId).toList());
    }

    @Test
    void aRateSpacesTheEventsOut() {
        JsonNode status = this.replay.replayToTheEnd("{\"rate\": 200, \"limit\": 60}");

        assertThat(status.get("acknowledged").asLong()).isEqualTo(60);
        assertThat(status.at("/options/rate").asDouble()).isEqualTo(200.0);
        // The 60th event is due 59 / 200 s after the first: a replay cannot end sooner.
        assertThat(status.get("elapsedMs").asLong()).isGreaterThanOrEqualTo(295);
        assertThat(newRecords()).hasSize(60);
    }

    @Test
    void aSpeedupFollowsTheGapsInEventTime() {
        List<Call> oldest = RealCalls.inEventTimeOrder().subList(0, 20);
        Duration span = Duration.between(oldest.get(0).callDateTime(), oldest.get(19).callDateTime());
        assertThat(span).as("the 20 oldest calls span some minutes").isPositive();
        double speedup = span.toSeconds() / 0.6;

        JsonNode status = this.replay.replayToTheEnd("{\"speedup\": " + speedup + ", \"limit\": 20}");

        assertThat(status.get("acknowledged").asLong()).isEqualTo(20);
        assertThat(status.at("/options/speedup").asDouble()).isEqualTo(speedup);
        assertThat(status.at("/options/rate").isMissingNode()).isTrue();
        assertThat(status.get("elapsedMs").asLong()).isGreaterThanOrEqualTo(600 - 1);
    }

    @Test
    void stopHaltsAReplayMidWayAndEverythingAcknowledgedIsOnTheTopic() {
        this.replay.start("{\"rate\": 400}");
        await().atMost(Duration.ofSeconds(30)).until(() -> this.replay.status().get("acknowledged").asLong() >= 100);

        JsonNode stopped = this.replay.post("/api/replay/stop", null).getBody();

        assertThat(stopped.get("state").asText()).isEqualTo("STOPPED");
        long acknowledged = stopped.get("acknowledged").asLong();
        assertThat(acknowledged).isBetween(100L, (long) RealCalls.TOTAL - 1);
        assertThat(stopped.get("sent").asLong()).isEqualTo(acknowledged);
        assertThat(newRecords()).hasSize((int) acknowledged);
        assertThat(this.replay.post("/api/replay/stop", null).getBody().get("state").asText()).as("stop is idempotent")
            .isEqualTo("STOPPED");
    }

    @Test
    void aSecondStartWhileOneRunsIsAConflict() {
        this.replay.post("/api/replay", "{\"rate\": 50}");

        ResponseEntity<JsonNode> second = this.replay.post("/api/replay", "{}");

        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(second.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(second.getBody().at("/replay/state").asText()).isEqualTo("RUNNING");
        assertThat(this.replay.post("/api/replay/stop", null).getBody().get("state").asText()).isEqualTo("STOPPED");
    }

    @Test
    void malformedRecordsAreSkippedAndCountedWhileTheGoodOnesGoOut() throws Exception {
        List<Call> good = RealCalls.inFileOrder().subList(0, 3);
        Path file = Files.writeString(dir.resolve("some-bad.json"), "[" + good.get(0).json() + ", 17, "
                + good.get(1).json() + ", {\"crime_id\": \"1\"}, " + good.get(2).json() + "]");
        double skippedBefore = this.replay.meter("sfcrime_replay_events_skipped_total");

        JsonNode status = this.replay.replayToTheEnd("{\"file\": \"" + file + "\", \"order\": \"file\"}");

        assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("skipped").asLong()).isEqualTo(2);
        assertThat(status.get("acknowledged").asLong()).isEqualTo(3);
        assertThat(newRecords()).extracting(ConsumerRecord::value)
            .containsExactlyInAnyOrderElementsOf(good.stream().map(Call::json).toList());
        assertThat(this.replay.meter("sfcrime_replay_events_skipped_total")).isEqualTo(skippedBefore + 2);
    }

    @Test
    void aFileThatBreaksOffFailsTheReplayAfterSendingWhatWasGood() throws Exception {
        List<Call> good = RealCalls.inFileOrder().subList(0, 2);
        Path file = Files.writeString(dir.resolve("broken.json"),
                "[" + good.get(0).json() + ", " + good.get(1).json() + ", {\"crime_id\": ");

        JsonNode status = this.replay.replayToTheEnd("{\"file\": \"" + file + "\", \"order\": \"file\"}");

        assertThat(status.get("state").asText()).isEqualTo("FAILED");
        assertThat(status.get("lastError").asText()).contains("ends before its array is closed");
        assertThat(status.get("acknowledged").asLong()).isEqualTo(2);
        assertThat(newRecords()).hasSize(2);
    }

    @Test
    void aLoopStartsAgainAtTheEndOfTheFile() throws Exception {
        List<Call> two = RealCalls.inFileOrder().subList(0, 2);
        Path file = Files.writeString(dir.resolve("two.json"), "[" + two.get(0).json() + "," + two.get(1).json() + "]");

        JsonNode status = this.replay.replayToTheEnd("{\"file\": \"" + file + "\", \"loop\": true, \"limit\": 7}");

        assertThat(status.get("acknowledged").asLong()).isEqualTo(7);
        Map<String, Long> timesSent = newRecords().stream()
            .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(timesSent).containsOnlyKeys(two.get(0).crimeId(), two.get(1).crimeId());
        assertThat(timesSent.values()).containsExactlyInAnyOrder(4L, 3L);
    }

    @Test
    void publishesReplayAndProducerMetricsWithTheApplicationTag() {
        this.replay.replayToTheEnd("{\"limit\": 10}");

        assertThat(this.replay.meter("sfcrime_replay_state", Map.of("state", "COMPLETED"))).isEqualTo(1.0);
        assertThat(this.replay.meter("sfcrime_replay_state", Map.of("state", "RUNNING"))).isZero();
        assertThat(this.replay.meter("sfcrime_replay_progress")).isEqualTo(1.0);
        assertThat(this.replay.meter("sfcrime_replay_events_sent_total")).isGreaterThanOrEqualTo(10);
        assertThat(this.replay.meter("sfcrime_replay_events_failed_total")).isZero();
        assertThat(this.replay.meter("sfcrime_replay_events_per_second")).isPositive();
        assertThat(
                this.replay.metrics().sum("kafka_producer_record_send_total", Map.of("application", "ingest-service")))
            .isGreaterThanOrEqualTo(10);
    }

    @Test
    void healthIncludesTheBroker() {
        JsonNode health = this.rest.getForObject("/actuator/health", JsonNode.class);

        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/details/nodes").asInt()).isEqualTo(1);
    }

    private List<ConsumerRecord<String, String>> newRecords() {
        return TopicContents.readFrom(this.brokers, TOPIC, this.offsetsBefore);
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static void assertEachPartitionIsSorted(List<ConsumerRecord<String, String>> records,
            Comparator<LocalDateTime> order) {
        Map<Integer, List<LocalDateTime>> times = records.stream()
            .collect(Collectors.groupingBy(ConsumerRecord::partition,
                    Collectors.mapping(r -> callTime(r.value()), Collectors.toList())));
        assertThat(times).hasSize(3);
        times.values().forEach(partition -> assertThat(partition).isSortedAccordingTo(order));
    }

    private static LocalDateTime callTime(String json) {
        try {
            return LocalDateTime.parse(MAPPER.readTree(json).get("call_date_time").asText());
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

}
