package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.analytics.SparkServiceTest;
import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.radiocodes.RadioCodes;
import io.sfcrime.testkit.CallsTopics;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.Poison;
import io.sfcrime.testkit.PrometheusText;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.TestPropertySource;

/**
 * The real file replayed in event-time order through the real broker, with malformed
 * records among the calls: REST, the compacted topic and the metrics must agree with the
 * plain-Java computation exactly.
 */
@SparkServiceTest
@TestPropertySource(properties = { "sfcrime.analytics.source.topic=" + EventTimeReplayTest.CALLS,
        "sfcrime.analytics.source.max-offsets-per-trigger=60000",
        "sfcrime.analytics.sink.topic=" + EventTimeReplayTest.AGGREGATES,
        "sfcrime.analytics.data-dir=target/test-data/event-time-replay-${random.uuid}" })
class EventTimeReplayTest {

    static final String CALLS = "calls.event-time";

    static final String AGGREGATES = "aggregates.event-time";

    /**
     * Every kind of the test kit's poison, made from a call of the first batch's hours.
     */
    private static final List<Poison> POISON = Poison.every(RealCalls.inEventTimeOrder().get(500));

    private static final long RECORDS = RealCalls.TOTAL + POISON.size();

    private static final ExpectedCounts EXPECTED = ExpectedCounts.hourly(RealCalls.inFileOrder());

    @Autowired
    TestRestTemplate rest;

    @Autowired
    ObjectMapper mapper;

    @BeforeAll
    static void replay() {
        CallsTopics.create(Replays.brokers(), CALLS);
        try (PlainProducer producer = new PlainProducer(Replays.brokers())) {
            List<Call> calls = RealCalls.inEventTimeOrder();
            producer.sendCalls(CALLS, calls.subList(0, 1000));
            POISON.forEach(poison -> producer.send(CALLS, poison.key(), poison.value()));
            producer.sendCalls(CALLS, calls.subList(1000, calls.size()));
        }
    }

    @Test
    void restServesExactlyTheIndependentCountsAndMetricsShowTheReplay() throws Exception {
        RestResults results = new RestResults(this.rest);
        JsonNode progress = await().atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(1))
            .until(results::progress, body -> body.at("/totals/inputRows").asLong() == RECORDS
                    && body.path("latest").path("offsetLag").path(CALLS).asLong(-1) == 0);

        assertThat(progress.at("/state").asText()).isEqualTo("ACTIVE");
        assertThat(progress.at("/totals/malformedRows").asLong()).isEqualTo(POISON.size());
        assertThat(progress.at("/totals/lateRows").asLong()).isZero();

        results.assertExactly(EXPECTED);

        String uncoded = EXPECTED.rows()
            .values()
            .stream()
            .map(WindowCount::disposition)
            .filter(code -> !RadioCodes.bundled().contains(code))
            .sorted()
            .findFirst()
            .orElseThrow();
        List<WindowCount> unknown = results.get("/api/analytics/windows?disposition=" + uncoded + "&limit=10000",
                new ParameterizedTypeReference<List<WindowCount>>() {
                });
        assertThat(unknown).isNotEmpty()
            .allSatisfy(row -> assertThat(row.dispositionDescription()).isEqualTo(RadioCodes.UNKNOWN_DESCRIPTION));
        assertThat(unknown).containsExactlyInAnyOrderElementsOf(
                EXPECTED.rows().values().stream().filter(row -> row.disposition().equals(uncoded)).toList());

        assertThat(latestPerKey(TopicContents.readAll(Replays.brokers(), AGGREGATES)))
            .containsExactlyInAnyOrderEntriesOf(EXPECTED.rows());

        PrometheusText metrics = results.metrics();
        assertThat(metrics.value("sfcrime_spark_input_rows_total")).isEqualTo(RECORDS);
        assertThat(metrics.value("sfcrime_spark_malformed_rows_total")).isEqualTo(POISON.size());
        assertThat(metrics.value("sfcrime_spark_late_rows_total")).isZero();
        assertThat(metrics.value("sfcrime_spark_batches_total")).isGreaterThanOrEqualTo(4);
        assertThat(metrics.value("sfcrime_spark_query_active", Map.of("application", "analytics-service")))
            .isEqualTo(1);
        assertThat(metrics.value("sfcrime_spark_offset_lag", Map.of("topic", CALLS))).isZero();
        assertThat(metrics.value("sfcrime_spark_state_rows")).isPositive();
        assertThat(metrics.names()).contains("sfcrime_spark_input_rows_per_second",
                "sfcrime_spark_processed_rows_per_second", "sfcrime_spark_batch_input_rows");
        assertThat(metrics.value("sfcrime_spark_batch_duration_seconds_count", Map.of("phase", "addBatch")))
            .isEqualTo(metrics.value("sfcrime_spark_batch_duration_seconds_count", Map.of("phase", "triggerExecution")))
            .isPositive();

        JsonNode health = results.json("/actuator/health");
        assertThat(health.at("/components/sparkQuery/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asText()).as("service-support's broker component")
            .isEqualTo("UP");
        assertThat(health.at("/components/kafka/details/bootstrapServers").toString()).contains(Replays.brokers());
    }

    private Map<AggregateKey, WindowCount> latestPerKey(List<ConsumerRecord<String, String>> records) throws Exception {
        Map<AggregateKey, WindowCount> rows = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            AggregateKey key = this.mapper.readValue(record.key(), AggregateKey.class);
            JsonNode value = this.mapper.readTree(record.value());
            WindowCount row = this.mapper.treeToValue(value, WindowCount.class);
            assertThat(row.key()).isEqualTo(key);
            assertThat(value.get("batchId").asLong()).isNotNegative();
            rows.put(key, row);
        }
        return rows;
    }

}
