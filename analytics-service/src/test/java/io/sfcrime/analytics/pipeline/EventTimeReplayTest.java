package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.radiocodes.RadioCodes;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real file replayed in event-time order through the real broker, with malformed records among the calls:
 * REST, the compacted topic and the metrics must agree with the plain-Java computation exactly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sfcrime.analytics.spark.master=local[2]", "sfcrime.analytics.spark.ui-enabled=false",
        "sfcrime.analytics.query.shuffle-partitions=2",
        "sfcrime.analytics.source.topic=" + EventTimeReplayTest.CALLS,
        "sfcrime.analytics.source.max-offsets-per-trigger=60000",
        "sfcrime.analytics.sink.topic=" + EventTimeReplayTest.AGGREGATES,
        "sfcrime.analytics.data-dir=target/test-data/event-time-replay-${random.uuid}" })
@AutoConfigureObservability(tracing = false)
@DirtiesContext
class EventTimeReplayTest {

    static final String CALLS = "calls.event-time";

    static final String AGGREGATES = "aggregates.event-time";

    /** Not JSON, JSON without a disposition, an unreadable time, a tombstone. */
    private static final List<byte[]> POISON = Arrays.asList(PlainProducer.bytes("not json"),
            PlainProducer.bytes("{\"crime_id\":\"1\",\"original_crime_type_name\":\"Theft\","
                    + "\"call_date_time\":\"2018-12-31T23:57:00.000\"}"),
            PlainProducer.bytes("{\"crime_id\":\"2\",\"original_crime_type_name\":\"Theft\",\"disposition\":\"ARR\","
                    + "\"call_date_time\":\"31/12/2018 23:57\"}"),
            null);

    private static final long RECORDS = RealCalls.TOTAL + 4;

    private static final ExpectedCounts EXPECTED = ExpectedCounts.hourly(RealCalls.inFileOrder());

    @Autowired
    TestRestTemplate rest;

    @Autowired
    ObjectMapper mapper;

    @BeforeAll
    static void replay() {
        Replays.createCallsTopic(CALLS);
        try (PlainProducer producer = new PlainProducer(Replays.brokers())) {
            List<io.sfcrime.testkit.Call> calls = RealCalls.inEventTimeOrder();
            producer.sendCalls(CALLS, calls.subList(0, 1000));
            POISON.forEach(value -> producer.send(CALLS, PlainProducer.bytes("poison"), value));
            producer.sendCalls(CALLS, calls.subList(1000, calls.size()));
        }
    }

    @Test
    void restServesExactlyTheIndependentCountsAndMetricsShowTheReplay() throws Exception {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> progress().at("/totals/inputRows").asLong() == RECORDS
                        && progress().path("latest").path("offsetLag").path(CALLS).asLong(-1) == 0);

        JsonNode progress = progress();
        assertThat(progress.at("/state").asText()).isEqualTo("ACTIVE");
        assertThat(progress.at("/totals/malformedRows").asLong()).isEqualTo(POISON.size());
        assertThat(progress.at("/totals/lateRows").asLong()).isZero();

        RestResults results = new RestResults(this.rest);
        results.assertExactly(EXPECTED);

        String uncoded = EXPECTED.rows().values().stream().map(WindowCount::disposition)
                .filter(code -> !RadioCodes.bundled().contains(code)).sorted().findFirst().orElseThrow();
        List<WindowCount> unknown = results.get("/api/analytics/windows?disposition=" + uncoded + "&limit=10000",
                new ParameterizedTypeReference<List<WindowCount>>() {
                });
        assertThat(unknown).isNotEmpty().allSatisfy(row -> assertThat(row.dispositionDescription())
                .isEqualTo(RadioCodes.UNKNOWN_DESCRIPTION));
        assertThat(unknown).containsExactlyInAnyOrderElementsOf(EXPECTED.rows().values().stream()
                .filter(row -> row.disposition().equals(uncoded)).toList());

        assertThat(latestPerKey(TopicContents.readAll(Replays.brokers(), AGGREGATES)))
                .containsExactlyInAnyOrderEntriesOf(EXPECTED.rows());

        String metrics = this.rest.getForObject("/actuator/prometheus", String.class);
        assertThat(metric(metrics, "sfcrime_spark_input_rows_total")).isEqualTo(RECORDS);
        assertThat(metric(metrics, "sfcrime_spark_malformed_rows_total")).isEqualTo(POISON.size());
        assertThat(metric(metrics, "sfcrime_spark_late_rows_total")).isZero();
        assertThat(metric(metrics, "sfcrime_spark_batches_total")).isGreaterThanOrEqualTo(4);
        assertThat(metric(metrics, "sfcrime_spark_query_active")).isEqualTo(1);
        assertThat(metric(metrics, "sfcrime_spark_offset_lag")).isZero();
        assertThat(metric(metrics, "sfcrime_spark_state_rows")).isPositive();
        assertThat(metrics).contains("sfcrime_spark_input_rows_per_second{", "sfcrime_spark_processed_rows_per_second{",
                "sfcrime_spark_batch_input_rows{", "sfcrime_spark_batch_duration_seconds_count{",
                "phase=\"addBatch\"", "phase=\"triggerExecution\"", "application=\"analytics-service\"");

        JsonNode health = this.mapper.readTree(this.rest.getForObject("/actuator/health", String.class));
        assertThat(health.at("/components/sparkQuery/status").asText()).isEqualTo("UP");
    }

    private Map<AggregateKey, WindowCount> latestPerKey(List<ConsumerRecord<String, String>> records)
            throws Exception {
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

    private JsonNode progress() throws Exception {
        return this.mapper.readTree(this.rest.getForObject("/api/analytics/progress", String.class));
    }

    static long metric(String exposition, String name) {
        List<Double> values = new ArrayList<>();
        exposition.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .forEach(line -> values.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
        assertThat(values).as("%s in %s", name, exposition.lines().filter(line -> line.startsWith("sfcrime")).toList())
                .hasSize(1);
        return Math.round(values.get(0));
    }
}
